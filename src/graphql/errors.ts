import { GraphQLError } from "graphql";

/** The stable `extensions.code` values of Bazaar's API (listed in docs/api.md). */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  OUT_OF_STOCK: "OUT_OF_STOCK",
  PAYMENT_DECLINED: "PAYMENT_DECLINED",
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  /** Trusted-documents mode: the operation is not in the manifest (see trusted-documents.plugin.ts). */
  PERSISTED_QUERY_NOT_IN_LIST: "PERSISTED_QUERY_NOT_IN_LIST",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error the client caused or may act on: shown as is, never masked. */
export class BazaarError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export function badUserInput(message: string, field?: string): BazaarError {
  return new BazaarError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
}

export function unauthenticated(message = "You must be signed in to do this."): BazaarError {
  return new BazaarError(ErrorCode.UNAUTHENTICATED, message);
}

/**
 * For credentials refused while building the context, before execution: Apollo answers
 * such errors with HTTP 500 unless they name a status.
 */
export function invalidCredentials(message: string): BazaarError {
  return new BazaarError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

export function forbidden(message = "You are not allowed to do this."): BazaarError {
  return new BazaarError(ErrorCode.FORBIDDEN, message);
}

export function notFound(what: string): BazaarError {
  return new BazaarError(ErrorCode.NOT_FOUND, `${what} not found.`);
}

export function conflict(message: string, field?: string): BazaarError {
  return new BazaarError(ErrorCode.CONFLICT, message, field ? { field } : {});
}

export function rateLimited(message: string, retryAfterSeconds: number): BazaarError {
  return new BazaarError(ErrorCode.RATE_LIMITED, message, { retryAfter: retryAfterSeconds });
}

export function serviceUnavailable(
  message = "The service is temporarily unavailable; try again shortly.",
): BazaarError {
  return new BazaarError(ErrorCode.SERVICE_UNAVAILABLE, message, { http: { status: 503 } });
}

/** Not enough units: `variantIds` (global ids) names every variant that is short. */
export function outOfStock(message: string, variantIds: string[]): BazaarError {
  return new BazaarError(ErrorCode.OUT_OF_STOCK, message, { variantIds });
}

/**
 * An unexpected error already logged, as the client gets it: for failures outside Apollo's
 * request pipeline (building the context), where no plugin could add the request id.
 */
export function internalServerError(requestId: string): BazaarError {
  return new BazaarError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.", { requestId });
}
