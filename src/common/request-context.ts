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

  /**
   * The IP address of whoever acts: the shopper's when an API client names one
   * (`Bazaar-Buyer-IP`), else the connection's; null for Bazaar's own work.
   */
  get ip(): string | null {
    if (this.origin.kind !== "api") return null;
    return this.viewer.buyerIp ?? this.origin.ip;
  }

  /**
   * What per-address limits count this caller as (failed logins per IP; the cost budget of a
   * caller without a session): its IP, or for an API client `client:<id>`, and
   * `client:<id>:buyer:<ip>` for each shopper it names. Under the client's own key, never as
   * the bare address: a client cannot spend the allowance of an IP that others use directly,
   * and its shoppers are counted apart from each other. Null for Bazaar's own work.
   */
  get addressKey(): string | null {
    if (this.origin.kind !== "api") return null;
    const { apiClientId, buyerIp } = this.viewer;
    if (apiClientId === undefined) return this.origin.ip;
    return buyerIp === undefined ? `client:${apiClientId}` : `client:${apiClientId}:buyer:${buyerIp}`;
  }

  get userAgent(): string | null {
    return this.origin.kind === "api" ? this.origin.userAgent : null;
  }

  /** The same caller, inside `transaction`. */
  inTransaction(transaction: Prisma.TransactionClient): RequestContext {
    return new RequestContext(this.viewer, this.requestId, this.origin, transaction);
  }
}
