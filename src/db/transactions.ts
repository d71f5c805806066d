import type { RequestContext } from "../common/request-context";
import type { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "./prisma-client";

/** Prisma's client or a transaction's. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface TransactionOptions {
  /** How long to wait for a pool connection. */
  maxWait?: number;
  /** How long the transaction may run. */
  timeout?: number;
}

/**
 * Transactions at the edge: a service opens one with `withTransaction(ctx, work)`, and
 * everything `work` calls with the context it is given runs inside it — helpers ask
 * `db(ctx)` for the client instead of being handed a transaction. A nested call joins the
 * open transaction, so a helper never needs to know whether its caller already opened one.
 */
export class Transactions {
  constructor(private readonly prisma: PrismaClient) {}

  /** The client for `ctx`: its transaction when it runs in one, else the pool. */
  db(ctx: RequestContext): Db {
    return ctx.transaction ?? this.prisma;
  }

  withTransaction<T>(
    ctx: RequestContext,
    work: (ctx: RequestContext) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    if (ctx.transaction) return work(ctx);
    return this.prisma.$transaction((tx) => work(ctx.inTransaction(tx)), options);
  }
}

/**
 * The transaction `ctx` runs in, for work that is only correct inside one (row locks,
 * all-or-nothing writes).
 * @throws when called outside a transaction: a programming error, never a client's.
 */
export function transactionOf(ctx: RequestContext): Prisma.TransactionClient {
  if (!ctx.transaction) throw new Error("this step must run inside Transactions.withTransaction");
  return ctx.transaction;
}
