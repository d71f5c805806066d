import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { BazaarError, type GraphQLErrorPayload } from "./bazaar-error";
import { SubscriptionConnection } from "./bazaar-subscriptions";
import { persistedDocument, type PersistedDocument } from "./persisted-documents";

export interface BazaarClientOptions {
  /** The GraphQL endpoint, e.g. `https://shop-api.example.com/graphql`. */
  url: string;
  /** A session token from `register`/`login`; sent as `Authorization: Bearer …`. */
  token?: string | null;
  /**
   * An API client's token (`bzc_…`, from `createApiClient`), sent as `Bazaar-Client-Token`.
   * For servers only (a server-side storefront, an ERP sync): never ship it to a browser.
   */
  clientToken?: string | null;
  /**
   * The IP address of the shopper a server-side storefront is serving, sent as
   * `Bazaar-Buyer-IP` (honoured only with `clientToken`): budgets and login throttles then
   * count that shopper apart. Make a client per shopper request: it is cheap.
   */
  buyerIp?: string | null;
  /** Defaults to the global `fetch` (Node 18+, browsers). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request (e.g. an `x-request-id`). */
  headers?: Readonly<Record<string, string>>;
  /**
   * Send operations as Automatic Persisted Queries (hash first, the text only when the
   * server asks for it). Default true; required when the server only runs trusted documents.
   */
  persistedQueries?: boolean;
  /**
   * The WebSocket class `subscribe()` uses where there is no global one (Node 20: pass
   * `ws`'s default export). Browsers and Node 22+ need nothing.
   */
  webSocketImpl?: unknown;
}

/**
 * Operations whose variables are all optional may be called without them;
 * `Exact<{ [key: string]: never }>` (no variables) accepts an empty record too.
 */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

interface GraphQLPayload {
  query?: string;
  operationName: string | null;
  variables: unknown;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
}

interface GraphQLAnswer {
  status: number;
  requestId: string | null;
  data: unknown;
  errors: readonly GraphQLErrorPayload[];
}

function firstCode(answer: GraphQLAnswer): unknown {
  return answer.errors[0]?.extensions?.["code"];
}

function isErrorList(value: unknown): value is GraphQLErrorPayload[] {
  return (
    Array.isArray(value) &&
    value.every(
      (error: unknown) =>
        typeof error === "object" &&
        error !== null &&
        typeof (error as { message?: unknown }).message === "string",
    )
  );
}

/**
 * A small, dependency-free Bazaar client: typed documents in, typed results out, every
 * failure a `BazaarError`. Operations go out as APQ hashes, so repeat requests carry a
 * 64-character hash instead of the document, and a server in trusted-documents mode
 * recognises them.
 */
export class BazaarClient {
  private token: string | null;
  private readonly fetch: typeof globalThis.fetch;
  /** Off once the server says it does not support persisted queries. */
  private persistedQueries: boolean;
  private subscriptions: SubscriptionConnection | null = null;

  constructor(private readonly options: BazaarClientOptions) {
    this.token = options.token ?? null;
    // Called through a closure: a detached `window.fetch` throws "Illegal invocation".
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.persistedQueries = options.persistedQueries ?? true;
  }

  /**
   * Use this session token from now on (null: anonymous), e.g. after `login`. An open
   * subscription socket keeps the token it opened with: `closeSubscriptions()` first to
   * subscribe as someone else.
   */
  setToken(token: string | null): void {
    this.token = token;
  }

  getToken(): string | null {
    return this.token;
  }

  /**
   * Runs one operation. Resolves with its data; rejects with a `BazaarError` when the
   * answer carries any error (its `data` holds whatever partial data came with it).
   */
  async request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<TResult> {
    const persisted = await persistedDocument(document);
    const answer = await this.send(persisted, variables ?? {});
    if (answer.errors.length > 0) {
      const [first] = answer.errors as [GraphQLErrorPayload, ...GraphQLErrorPayload[]];
      throw new BazaarError(first, {
        status: answer.status,
        errors: answer.errors,
        data: answer.data,
        requestId: answer.requestId,
      });
    }
    if (answer.data === null || answer.data === undefined) {
      throw BazaarError.network(
        `HTTP ${answer.status}: the answer has neither data nor errors`,
        answer.status,
        undefined,
        answer.requestId,
      );
    }
    // The document's type parameters describe exactly what the server returns for it.
    return answer.data as TResult;
  }

  /**
   * Runs a subscription over WebSocket (graphql-ws, same URL): yields the current state
   * first, then one result per change, until you `break` (or `return()`), which ends it.
   * Throws a `BazaarError` when the server refuses it or sends an error (its `code`, e.g.
   * NOT_FOUND), or when the socket closes for good (`extensions.closeCode`).
   *
   * ```ts
   * for await (const { orderUpdated } of bazaar.subscribe(OrderUpdatedDocument, { orderId })) {
   *   if (orderUpdated.status === "PAID") break;
   * }
   * ```
   */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): AsyncGenerator<TResult, void, undefined> {
    this.subscriptions ??= new SubscriptionConnection({
      url: this.options.url,
      token: () => this.token,
      apiClientHeaders: this.apiClientHeaders(),
      webSocketImpl: this.options.webSocketImpl,
    });
    return this.subscriptions.subscribe(document, (variables ?? {}) as TVariables);
  }

  /** Ends every subscription and closes the socket (the next `subscribe()` opens a new one). */
  async closeSubscriptions(): Promise<void> {
    const subscriptions = this.subscriptions;
    this.subscriptions = null;
    await subscriptions?.close();
  }

  private async send(document: PersistedDocument, variables: unknown): Promise<GraphQLAnswer> {
    const base = { operationName: document.operationName, variables };
    if (!this.persistedQueries) return this.post({ ...base, query: document.text });
    const extensions = { persistedQuery: { version: 1 as const, sha256Hash: document.sha256Hash } };
    const byHash = await this.post({ ...base, extensions });
    switch (firstCode(byHash)) {
      case "PERSISTED_QUERY_NOT_FOUND":
        // The server has not seen this document yet: send it once, with its hash, to register it.
        return this.post({ ...base, query: document.text, extensions });
      case "PERSISTED_QUERY_NOT_SUPPORTED":
        this.persistedQueries = false;
        return this.post({ ...base, query: document.text });
      default:
        return byHash;
    }
  }

  /** `Bazaar-Client-Token` and `Bazaar-Buyer-IP`, as far as they are set. */
  private apiClientHeaders(): Record<string, string> {
    const { clientToken, buyerIp } = this.options;
    return {
      ...(clientToken ? { "bazaar-client-token": clientToken } : {}),
      ...(clientToken && buyerIp ? { "bazaar-buyer-ip": buyerIp } : {}),
    };
  }

  private async post(payload: GraphQLPayload): Promise<GraphQLAnswer> {
    const headers: Record<string, string> = {
      ...this.options.headers,
      ...this.apiClientHeaders(),
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json;q=0.9",
    };
    if (this.token) headers["authorization"] = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
      });
    } catch (cause) {
      throw BazaarError.network(
        `Could not reach ${this.options.url}: ${cause instanceof Error ? cause.message : String(cause)}`,
        0,
        cause,
      );
    }
    const requestId = response.headers.get("x-request-id");
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw BazaarError.network(
        `HTTP ${response.status}: the answer is not JSON`,
        response.status,
        cause,
        requestId,
      );
    }
    if (typeof body !== "object" || body === null) {
      throw BazaarError.network(
        `HTTP ${response.status}: the answer is not a GraphQL response`,
        response.status,
        undefined,
        requestId,
      );
    }
    const { data, errors } = body as { data?: unknown; errors?: unknown };
    if (errors !== undefined && !isErrorList(errors)) {
      throw BazaarError.network(
        `HTTP ${response.status}: the answer's errors are malformed`,
        response.status,
        undefined,
        requestId,
      );
    }
    return { status: response.status, requestId, data: data ?? null, errors: errors ?? [] };
  }
}

export function createBazaarClient(options: BazaarClientOptions): BazaarClient {
  return new BazaarClient(options);
}
