import type { Logger } from "pino";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { BazaarError } from "../../graphql/errors";
import type { JobDefinition } from "../../jobs/job";
import type { OrderService } from "./order.service";

export interface SweeperSettings {
  unpaidOrderTtlMinutes: number;
  /** How often the sweep runs, across all workers together. */
  intervalSeconds: number;
}

/** Orders per sweep: a backlog drains over a few sweeps instead of one long burst. */
const batchSize = 100;

/**
 * Background upkeep: cancels orders left unpaid past their time (returning their stock)
 * and forgets expired idempotency keys. Each order is cancelled through the same locked
 * transition as a customer's cancel, so a sweep racing a payment or a cancel is harmless.
 * It runs as a recurring job (`job`): once per interval across all workers.
 */
export class MaintenanceSweeper {
  /** The recurring job that runs `sweep`. */
  readonly job: JobDefinition;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly orders: OrderService,
    private readonly logger: Logger,
    private readonly settings: SweeperSettings,
  ) {
    this.job = {
      name: "maintenance-sweep",
      everySeconds: settings.intervalSeconds,
      // A failed sweep is tried again soon; the next interval's run would catch up anyway.
      retry: { limit: 2, maxDelaySeconds: settings.intervalSeconds },
      run: async (ctx) => {
        await this.sweep(ctx);
      },
    };
  }

  /**
   * One pass, as `ctx` (the job's system context; Bazaar itself, so it may cancel any
   * customer's order); returns how many unpaid orders it cancelled.
   */
  async sweep(ctx: RequestContext): Promise<number> {
    const cutoff = new Date(Date.now() - this.settings.unpaidOrderTtlMinutes * 60_000);
    const stale = await this.prisma.order.findMany({
      // A payment still in flight may yet succeed: its order waits for the outcome, but not
      // for ever — an outcome that never came (a lost webhook) must not hold the stock. If it
      // does come after all, the payment is refunded (see PaymentWebhookService).
      where: {
        status: "PENDING_PAYMENT",
        createdAt: { lt: cutoff },
        payments: { none: { status: "PENDING", createdAt: { gte: cutoff } } },
      },
      orderBy: { createdAt: "asc" },
      take: batchSize,
      select: { id: true },
    });
    let cancelled = 0;
    for (const { id } of stale) {
      try {
        await this.orders.transition(ctx, id, "CANCEL");
        cancelled += 1;
      } catch (error) {
        // Paid or cancelled meanwhile: nothing left to do for this one.
        if (!(error instanceof BazaarError)) throw error;
      }
    }
    const { count: expiredKeys } = await this.prisma.idempotencyKey.deleteMany({
      where: { expiresAt: { lt: new Date() } },
    });
    if (cancelled > 0 || expiredKeys > 0)
      this.logger.info({ cancelledUnpaidOrders: cancelled, expiredKeys }, "maintenance sweep");
    return cancelled;
  }
}
