/**
 * The `extensions.code` values a Bazaar client can meet. Bazaar's own codes (the API
 * contract), the GraphQL protocol's (parsing, validation, persisted queries), and
 * `NETWORK_ERROR`, which the SDK uses when no GraphQL answer arrived at all.
 */
export type BazaarErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "OUT_OF_STOCK"
  | "PAYMENT_DECLINED"
  | "QUERY_TOO_COMPLEX"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "BAD_REQUEST"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_NOT_SUPPORTED"
  | "PERSISTED_QUERY_NOT_IN_LIST"
  | "NETWORK_ERROR";

/** One GraphQL error as the server sends it. */
export interface GraphQLErrorPayload {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions?: Record<string, unknown>;
}

export interface BazaarErrorDetails {
  /** HTTP status of the answer; 0 when none arrived. */
  status: number;
  /** Every error of the answer (this error describes the first). */
  errors?: readonly GraphQLErrorPayload[];
  /** Whatever partial data came with the errors. */
  data?: unknown;
  /** The server's `x-request-id`, to quote to support. */
  requestId?: string | null;
  cause?: unknown;
}

/**
 * A request that did not fully succeed. `code` is the first error's `extensions.code`,
 * so callers branch on a stable value, never on message text:
 * `if (error instanceof BazaarError && error.code === "OUT_OF_STOCK") …`.
 */
export class BazaarError extends Error {
  override readonly name = "BazaarError";
  // Servers may add codes before this SDK knows them: any string is possible.
  readonly code: BazaarErrorCode | (string & {});
  readonly path: readonly (string | number)[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly status: number;
  readonly errors: readonly GraphQLErrorPayload[];
  readonly data: unknown;
  readonly requestId: string | null;

  constructor(first: GraphQLErrorPayload, details: BazaarErrorDetails) {
    super(first.message, details.cause === undefined ? undefined : { cause: details.cause });
    const code = first.extensions?.["code"];
    this.code = typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
    this.path = first.path;
    this.extensions = first.extensions ?? {};
    this.status = details.status;
    this.errors = details.errors ?? [first];
    this.data = details.data ?? null;
    this.requestId = details.requestId ?? null;
  }

  /** For failures below GraphQL: the network, or an answer that is not GraphQL JSON. */
  static network(message: string, status: number, cause?: unknown, requestId?: string | null): BazaarError {
    return new BazaarError(
      { message, extensions: { code: "NETWORK_ERROR" } },
      { status, cause, requestId: requestId ?? null },
    );
  }
}
