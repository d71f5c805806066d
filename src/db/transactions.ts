import type { Logger } from "pino";
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

/** Work that must see only committed changes (e.g. telling subscribers): see `afterCommit`. */
export type AfterCommit = () => void | Promise<void>;

/**
 * Transactions at the edge: a service opens one with `withTransaction(ctx, work)`, and
 * everything `work` calls with the context it is given runs inside it — helpers ask
 * `db(ctx)` for the client instead of being handed a transaction. A nested call joins the
 * open transaction, so a helper never needs to know whether its caller already opened one.
 */
export class Transactions {
  /** The after-commit work of each open outermost transaction, by its client. */
  private readonly pending = new WeakMap<Prisma.TransactionClient, AfterCommit[]>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  /** The client for `ctx`: its transaction when it runs in one, else the pool. */
  db(ctx: RequestContext): Db {
    return ctx.transaction ?? this.prisma;
  }

  async withTransaction<T>(
    ctx: RequestContext,
    work: (ctx: RequestContext) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    if (ctx.transaction) return work(ctx);
    const afterCommit: AfterCommit[] = [];
    const result = await this.prisma.$transaction((tx) => {
      this.pending.set(tx, afterCommit);
      return work(ctx.inTransaction(tx));
    }, options);
    // Reached only once the transaction committed: a rollback throws above, and its work is dropped.
    for (const callback of afterCommit) await this.runSafely(ctx, callback);
    return result;
  }

  /**
   * Runs `callback` once what `ctx` changed is committed: right away outside a transaction,
   * after the outermost commit inside one, never when it rolls back. A failing callback is
   * logged and does not fail the work: the change it follows has happened.
   */
  async afterCommit(ctx: RequestContext, callback: AfterCommit): Promise<void> {
    if (!ctx.transaction) return this.runSafely(ctx, callback);
    const queue = this.pending.get(ctx.transaction);
    if (!queue)
      throw new Error("afterCommit: the transaction was not opened by Transactions.withTransaction");
    queue.push(callback);
  }

  private async runSafely(ctx: RequestContext, callback: AfterCommit): Promise<void> {
    try {
      await callback();
    } catch (error) {
      this.logger.error({ err: error, requestId: ctx.requestId }, "after-commit work failed");
    }
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
