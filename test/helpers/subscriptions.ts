import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { FormattedExecutionResult } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { persistedDocument } from "../../client/persisted-documents";
import type { TestApp } from "./test-app";

/** What a subscription delivered: a result, the end of the operation, or a refusal. */
export type Delivery<T> =
  | { kind: "next"; result: FormattedExecutionResult<T, unknown> }
  | { kind: "complete" }
  | { kind: "error"; error: unknown };

/**
 * One subscription's deliveries, in order. `next()` waits for the next one; when the
 * socket closes first it rejects with the close code (jest's timeout ends a wait that
 * never comes).
 */
export class Feed<T> {
  readonly received: Delivery<T>[] = [];
  private readonly waiting: ((delivery: Delivery<T>) => void)[] = [];
  private read = 0;
  unsubscribe: () => void = () => undefined;

  push(delivery: Delivery<T>): void {
    this.received.push(delivery);
    this.waiting.shift()?.(delivery);
  }

  /** The next delivery not read yet. */
  next(): Promise<Delivery<T>> {
    const delivery = this.received[this.read];
    this.read += 1;
    if (delivery) return Promise.resolve(delivery);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The next delivery, which must be a result with data: its data. */
  async nextData(): Promise<T> {
    const delivery = await this.next();
    if (delivery.kind !== "next" || !delivery.result.data || delivery.result.errors)
      throw new Error(`expected data, got ${JSON.stringify(delivery)}`);
    return delivery.result.data;
  }

  /** The error codes of the next delivery (a result with errors, or a refusal). */
  async nextErrorCodes(): Promise<unknown[]> {
    const delivery = await this.next();
    const errors =
      delivery.kind === "next"
        ? (delivery.result.errors ?? [])
        : delivery.kind === "error" && Array.isArray(delivery.error)
          ? (delivery.error as { extensions?: Record<string, unknown> }[])
          : [];
    if (errors.length === 0) throw new Error(`expected errors, got ${JSON.stringify(delivery)}`);
    return errors.map((error) => error.extensions?.["code"]);
  }
}

export interface SocketOptions {
  /** Sent as connection_init's `authorization: "Bearer <token>"`. */
  token?: string;
  /** Sent as the upgrade request's Authorization header instead. */
  authorizationHeader?: string;
  /** More of connection_init's payload (an API client's `bazaar-client-token`, say). */
  connectionParams?: Record<string, string>;
}

/** A graphql-ws client (over `ws`) on the app's /graphql, never reconnecting. */
export class TestSocket {
  readonly client: Client;
  /** The close code, once the socket closed. */
  readonly closed: Promise<number>;

  constructor(baseUrl: string, options: SocketOptions = {}) {
    const headers = options.authorizationHeader ? { authorization: options.authorizationHeader } : {};
    class WebSocketWithHeaders extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    let closedWith: (code: number) => void = () => undefined;
    this.closed = new Promise((resolve) => (closedWith = resolve));
    this.client = createClient({
      url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocketWithHeaders,
      lazy: false,
      retryAttempts: 0,
      connectionParams: {
        ...options.connectionParams,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      on: { closed: (event) => closedWith((event as { code: number }).code) },
      // Without a listener graphql-ws rethrows a refused connection as unhandled.
      onNonLazyError: () => undefined,
    });
  }

  /** Subscribes with the document's exact SDK text (as trusted-documents mode expects). */
  async subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<Feed<TResult>> {
    const { text, operationName } = await persistedDocument(document);
    return this.subscribeText<TResult>(text, variables as Record<string, unknown>, operationName);
  }

  subscribeText<TResult = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    operationName: string | null = null,
    extensions?: Record<string, unknown>,
  ): Feed<TResult> {
    const feed = new Feed<TResult>();
    feed.unsubscribe = this.client.subscribe<TResult>(
      { query, variables, operationName, ...(extensions ? { extensions } : {}) },
      {
        next: (result) => feed.push({ kind: "next", result }),
        complete: () => feed.push({ kind: "complete" }),
        error: (error) => feed.push({ kind: "error", error }),
      },
    );
    return feed;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** A socket on the app's /graphql; close it with `close()`. */
export function openSocket(t: Pick<TestApp, "baseUrl">, options: SocketOptions = {}): TestSocket {
  return new TestSocket(t.baseUrl, options);
}

/** Opens sockets on `t` that are closed after each test. */
export function useSockets(t: Pick<TestApp, "baseUrl">): (options?: SocketOptions) => TestSocket {
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  return (options = {}) => {
    const opened = openSocket(t, options);
    sockets.push(opened);
    return opened;
  };
}
