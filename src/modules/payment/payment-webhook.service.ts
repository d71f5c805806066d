import type { Logger } from "pino";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { ChangeEvents } from "../../events/change-events";
import { nextStatus } from "../order/order-state";
import type { WebhookEvents } from "../webhook/webhook-events";
import type { GatewayEvent, PaymentGateway } from "./payment-gateway";

export type WebhookOutcome = "processed" | "duplicate";

/** The event names a payment Bazaar has not recorded yet: the gateway should retry later. */
export class PaymentNotYetKnownError extends Error {}

/**
 * Applies gateway events. Each event id is recorded once (a replay changes nothing); the
 * payment and its order change in the same transaction as that record. Only a PENDING
 * payment moves, so a late or repeated outcome cannot flip a settled payment.
 *
 * Money Bazaar must give back (a wrong amount, an order that can no longer be paid) is
 * marked as a pending refund in that transaction and asked of the gateway only after it
 * committed: no network call runs while the payment and order rows are locked. If the
 * refund call fails, the delivery fails, and the gateway's redelivery (a duplicate event
 * by then) finishes the pending refund.
 */
export class PaymentWebhookService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly gateways: Map<string, PaymentGateway>,
    private readonly changes: ChangeEvents,
    private readonly webhookEvents: WebhookEvents,
    private readonly logger: Logger,
  ) {}

  gateway(name: string): PaymentGateway | undefined {
    return this.gateways.get(name);
  }

  async handle(ctx: RequestContext, gateway: PaymentGateway, event: GatewayEvent): Promise<WebhookOutcome> {
    const { outcome, mayOweRefund } = await this.record(ctx, gateway, event);
    if (mayOweRefund) await this.finishPendingRefund(gateway, event);
    return outcome;
  }

  /**
   * Records the event and applies it. `mayOweRefund`: this delivery decided a refund, or is a
   * redelivery (whose first attempt may have decided one and failed to ask for it).
   */
  private record(
    ctx: RequestContext,
    gateway: PaymentGateway,
    event: GatewayEvent,
  ): Promise<{ outcome: WebhookOutcome; mayOweRefund: boolean }> {
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const recorded = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO webhook_events (id, gateway, event_id, type, payload)
        VALUES (gen_random_uuid(), ${gateway.name}, ${event.id}, ${event.type}, ${JSON.stringify(event)}::jsonb)
        ON CONFLICT (gateway, event_id) DO NOTHING
        RETURNING id`;
      if (recorded.length === 0) return { outcome: "duplicate", mayOweRefund: true };
      const [payment] = await tx.$queryRaw<
        { id: string; order_id: string; status: string; amount: number; currency_code: string }[]
      >`
        SELECT id, order_id, status, amount, currency_code FROM payments
        WHERE gateway = ${gateway.name} AND provider_ref = ${event.providerRef} FOR UPDATE`;
      // Rolling back un-records the event, so the retried delivery is processed then.
      if (!payment) throw new PaymentNotYetKnownError(`no payment ${event.providerRef} yet`);
      const settling = payment.status === "PENDING";
      const refundDecided = settling && (await this.settle(ctx, event, payment));
      // The payment (and maybe the order's status) changed: its order's subscribers hear of it.
      if (settling) await this.changes.orderChanged(ctx, payment.order_id);
      await tx.webhookEvent.updateMany({
        where: { gateway: gateway.name, eventId: event.id },
        data: { processedAt: new Date() },
      });
      return { outcome: "processed", mayOweRefund: refundDecided };
    });
  }

  /** Moves a PENDING payment (and its order) by the event; true when money must go back. */
  private async settle(
    ctx: RequestContext,
    event: GatewayEvent,
    payment: { id: string; order_id: string; amount: number; currency_code: string },
  ): Promise<boolean> {
    const tx = transactionOf(ctx);
    if (event.type === "payment.failed") {
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: "FAILED", failureReason: event.failureReason ?? "declined" },
      });
      return false;
    }
    if (event.amount !== payment.amount || event.currencyCode !== payment.currency_code) {
      // Never mark an order paid for money other than what it costs, and never keep it.
      this.logger.error(
        { paymentId: payment.id, event },
        "payment amount mismatch: order not marked paid, money refunded",
      );
      const owed = event.type === "payment.succeeded";
      await tx.payment.update({
        where: { id: payment.id },
        data: {
          status: "FAILED",
          failureReason: "amount_mismatch",
          ...(owed ? { refundPendingSince: new Date() } : {}),
        },
      });
      return owed;
    }
    const [order] = await tx.$queryRaw<
      { status: "PENDING_PAYMENT" | "PAID" | "FULFILLED" | "CANCELLED" | "REFUNDED" }[]
    >`
      SELECT status FROM orders WHERE id = ${payment.order_id}::uuid FOR UPDATE`;
    const paid = order && nextStatus(order.status, "PAYMENT_SUCCEEDED");
    if (!paid) {
      // The money arrived for an order that can no longer be paid (e.g. cancelled as unpaid
      // meanwhile): give it back rather than keep it.
      this.logger.warn(
        { paymentId: payment.id, orderStatus: order?.status },
        "payment for an order that cannot be paid: refunding",
      );
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: "REFUNDED", refundPendingSince: new Date() },
      });
      return true;
    }
    await tx.payment.update({ where: { id: payment.id }, data: { status: "SUCCEEDED" } });
    await tx.order.update({ where: { id: payment.order_id }, data: { status: paid } });
    await this.webhookEvents.orderChanged(ctx, payment.order_id, paid);
    return false;
  }

  /**
   * Gives back the money of this event's payment when a refund of it is pending (decided
   * just now, or by an earlier delivery whose refund call failed). The gateway refunds
   * idempotently per payment, so finishing twice refunds once.
   */
  private async finishPendingRefund(gateway: PaymentGateway, event: GatewayEvent): Promise<void> {
    const pending = await this.prisma.payment.findFirst({
      where: {
        gateway: gateway.name,
        providerRef: event.providerRef,
        status: { in: ["FAILED", "REFUNDED"] },
        refundPendingSince: { not: null },
      },
      select: { id: true },
    });
    if (!pending) return;
    await gateway.refund(event.providerRef, event.amount);
    await this.prisma.payment.updateMany({ where: { id: pending.id }, data: { refundPendingSince: null } });
  }
}
