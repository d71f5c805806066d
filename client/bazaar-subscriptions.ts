import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client, type ClientOptions } from "graphql-ws";
import { BazaarError, type GraphQLErrorPayload } from "./bazaar-error";
import { persistedDocument } from "./persisted-documents";

/** How Bazaar closes a subscription socket, as error codes (see docs/api.md § Subscriptions). */
const closeCodes: Readonly<Record<number, string>> = {
  1001: "SERVICE_UNAVAILABLE",
  1013: "SERVICE_UNAVAILABLE",
  4403: "UNAUTHENTICATED",
  4429: "RATE_LIMITED",
};

/** Closes after which connecting again cannot help: bad credentials, too many sockets. */
const finalCloseCodes: ReadonlySet<number> = new Set([4403, 4429]);

function closeCodeOf(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}

/** What a failed subscription throws: the server's first error, or why the socket closed. */
function subscriptionError(cause: unknown): BazaarError {
  if (cause instanceof BazaarError) return cause;
  const closeCode = closeCodeOf(cause);
  if (closeCode !== undefined) {
    const reason = String((cause as { reason?: unknown }).reason ?? "");
    return new BazaarError(
      {
        message: `The subscription socket closed (${closeCode}${reason ? `: ${reason}` : ""})`,
        extensions: { code: closeCodes[closeCode] ?? "NETWORK_ERROR", closeCode },
      },
      { status: 0, cause },
    );
  }
  if (Array.isArray(cause) && cause.length > 0) {
    const errors = cause as GraphQLErrorPayload[];
    return new BazaarError(errors[0]!, { status: 0, errors });
  }
  return BazaarError.network(cause instanceof Error ? cause.message : String(cause), 0, cause);
}

export interface SubscriptionConnectionOptions {
  /** The GraphQL endpoint (http(s):// or ws(s)://): subscriptions use the same path. */
  url: string;
  /** The session token to present when the socket opens. */
  token: () => string | null;
  /** An API client's `bazaar-client-token` and `bazaar-buyer-ip`, presented beside it. */
  apiClientHeaders?: Readonly<Record<string, string>>;
  /** A WebSocket class where there is no global one (Node 20: `ws`). */
  webSocketImpl?: unknown;
}

/**
 * The SDK's subscriptions: one graphql-ws socket, opened on the first subscription and
 * closed after the last. A dropped socket (network, a server shutting down with 1001) is
 * reopened and its subscriptions start again, current state first; bad credentials (4403)
 * and too many sockets (4429) end them with a BazaarError.
 */
export class SubscriptionConnection {
  private client: Client | null = null;

  constructor(private readonly options: SubscriptionConnectionOptions) {}

  private socket(): Client {
    if (this.client) return this.client;
    const options: ClientOptions = {
      url: this.options.url.replace(/^http/, "ws"),
      connectionParams: () => {
        const token = this.options.token();
        return { ...this.options.apiClientHeaders, ...(token ? { authorization: `Bearer ${token}` } : {}) };
      },
      shouldRetry: (closed) => !finalCloseCodes.has(closeCodeOf(closed) ?? 0),
      ...(this.options.webSocketImpl ? { webSocketImpl: this.options.webSocketImpl } : {}),
    };
    this.client = createClient(options);
    return this.client;
  }

  /** Each result's data, as the server sends them; throws a BazaarError on the first error. */
  async *subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): AsyncGenerator<TResult, void, undefined> {
    const persisted = await persistedDocument(document);
    const results = this.socket().iterate<TResult>({
      query: persisted.text,
      operationName: persisted.operationName,
      variables: variables as Record<string, unknown>,
      extensions: { persistedQuery: { version: 1, sha256Hash: persisted.sha256Hash } },
    });
    try {
      for await (const result of results) {
        if (result.errors?.length) throw subscriptionError(result.errors);
        if (result.data === null || result.data === undefined)
          throw BazaarError.network("a subscription result has neither data nor errors", 0);
        yield result.data;
      }
    } catch (error) {
      throw subscriptionError(error);
    }
  }

  /** Ends every subscription and closes the socket. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.dispose();
  }
}
