import type { Logger } from "pino";
import { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { BazaarError } from "../../graphql/errors";
import type { OrderService } from "./order.service";

export interface SweeperSettings {
  unpaidOrderTtlMinutes: number;
  intervalSeconds: number;
}

/** The sweeper acts as Bazaar itself: it may cancel any customer's order. */
const sweeperContext = RequestContext.system("maintenance-sweeper");

/** Orders per sweep: a backlog drains over a few sweeps instead of one long burst. */
const batchSize = 100;

/**
 * Background upkeep: cancels orders left unpaid past their time (returning their stock)
 * and forgets expired idempotency keys. Each order is cancelled through the same locked
 * transition as a customer's cancel, so a sweep racing a payment or a cancel is harmless.
 */
export class MaintenanceSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly orders: OrderService,
    private readonly logger: Logger,
    private readonly settings: SweeperSettings,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, "maintenance sweep failed"))
        .finally(() => (this.running = undefined));
    }, this.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many unpaid orders it cancelled. */
  async sweep(): Promise<number> {
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
        await this.orders.transition(sweeperContext, id, "CANCEL");
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
