import type { Viewer } from "../auth/viewer";
import type { Prisma } from "../generated/prisma/client";

/** Where a piece of work comes from: an API request, or Bazaar itself (a job, a script). */
export type RequestOrigin =
  { kind: "api"; ip: string; userAgent: string | null } | { kind: "system"; name: string };

/**
 * Who is asking and on whose behalf, for one unit of work: what every service method takes
 * first (Vendure's `RequestContext` is the model). It knows nothing of GraphQL, loaders or
 * HTTP, so the same service call runs from a resolver, a job or a script.
 *
 * Inside `Transactions.withTransaction` a context also carries the open transaction, so
 * helpers take the context alone and never thread a transaction client by hand.
 */
export class RequestContext {
  private constructor(
    readonly viewer: Viewer,
    readonly requestId: string,
    readonly origin: RequestOrigin,
    /** The transaction this context runs in, if any (see Transactions). */
    readonly transaction: Prisma.TransactionClient | null,
  ) {}

  /** A context for an API request, built once per request from what the transport knows. */
  static forRequest(request: {
    viewer: Viewer;
    requestId: string;
    ip: string;
    userAgent: string | null;
  }): RequestContext {
    return new RequestContext(
      request.viewer,
      request.requestId,
      { kind: "api", ip: request.ip, userAgent: request.userAgent },
      null,
    );
  }

  /**
   * Bazaar acting on its own (the sweeper, a job, a CLI): it sees everything, as staff do,
   * and is named so its work can be told apart in logs and records.
   */
  static system(name: string, requestId = `system:${name}`): RequestContext {
    const viewer: Viewer = Object.freeze({ userId: null, roles: [], sessionId: null, system: name });
    return new RequestContext(viewer, requestId, { kind: "system", name }, null);
  }

  /** The caller's IP address; null for Bazaar's own work. */
  get ip(): string | null {
    return this.origin.kind === "api" ? this.origin.ip : null;
  }

  get userAgent(): string | null {
    return this.origin.kind === "api" ? this.origin.userAgent : null;
  }

  /** The same caller, inside `transaction`. */
  inTransaction(transaction: Prisma.TransactionClient): RequestContext {
    return new RequestContext(this.viewer, this.requestId, this.origin, transaction);
  }
}
