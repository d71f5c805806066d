import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import { isUniqueViolation } from "../../db/errors";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { ChangeEvents } from "../../events/change-events";
import { BazaarError, badUserInput, conflict, notFound } from "../../graphql/errors";
import type { JobDefinition, JobPayload } from "../../jobs/job";
import type { JobQueue } from "../../jobs/job-queue";
import { keyFromGlobalId } from "../../graphql/global-id";
import {
  releaseIdempotencyKey,
  requireValidKey,
  storedResponse,
  type IdempotentRequest,
} from "../order/idempotency";
import { requireNextStatus } from "../order/order-state";
import { canSeeOrder } from "../order/order.policy";
import type { OrderService } from "../order/order.service";
import type { OrderRow } from "../order/order-rows";
import { GatewayRequestError, type PaymentGateway } from "./payment-gateway";
import { recordPaymentIntent, type PaymentIntentRecord } from "./payment-intent";
import { paymentSelect, type PaymentRow } from "./payment.type";
import type { PayOrderInput } from "./payment.inputs";

/** An intent whose gateway call failed on the network, to ask the gateway about again. */
interface IntentRetry extends JobPayload {
  paymentId: string;
  paymentToken: string;
  request: IdempotentRequest;
}

/**
 * Starting payments and refunds; outcomes arrive through `PaymentWebhookService`.
 *
 * The gateway is called between two single statements, never inside a transaction: the
 * first records the intent under the order's row lock (`recordPaymentIntent`), the call runs
 * after it committed, and a second records what the gateway said, returning the payment as
 * the answer. A slow gateway then holds no lock and no pool connection, and each step is
 * idempotent, so a retry after a crash between them finishes the work instead of repeating it.
 */
export class PaymentService {
  private readonly intentRetry: JobDefinition<IntentRetry>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly gateway: PaymentGateway,
    private readonly orders: OrderService,
    private readonly changes: ChangeEvents,
    private readonly jobs: JobQueue,
    private readonly idempotencyTtlHours: number,
  ) {
    // A gateway that could not be reached is asked again (same gateway idempotency key), so
    // the intent does not stay PENDING without a gateway id until the sweep gives up on it.
    this.intentRetry = jobs.define<IntentRetry>({
      name: "payment-intent-retry",
      retry: { limit: 8, maxDelaySeconds: 300 },
      run: async (ctx, { paymentId, paymentToken, request }) => {
        const intent = await this.findPaymentRow(ctx, paymentId);
        // Refused meanwhile (and deleted): nothing left to ask.
        if (!intent) return;
        try {
          await this.startAtGateway(ctx, intent, paymentToken, request, "retrying");
        } catch (error) {
          // Refused by the gateway: the intent is gone and the key free, as for the customer.
          if (!(error instanceof BazaarError)) throw error;
        }
      },
    });
  }

  /**
   * Starts a payment for an unpaid order: a PENDING payment, whose outcome the gateway
   * reports by webhook. One attempt at a time per order (a second while one is PENDING is
   * a CONFLICT), so an order cannot be charged twice; after a decline the customer may pay
   * again. The amount is the order's total, never anything the client says. Returns the
   * payment as it is once the gateway took it (a replay: as it is now).
   */
  async payOrder(ctx: RequestContext, input: PayOrderInput): Promise<PaymentRow> {
    const orderKey = keyFromGlobalId(input.orderId, "Order", "orderId");
    const request: IdempotentRequest = {
      scope: ctx.viewer.userId ? `user:${ctx.viewer.userId}` : `order:${orderKey}`,
      operation: "payOrder",
      key: input.idempotencyKey,
      input: { orderKey, paymentToken: input.paymentToken },
      ttlHours: this.idempotencyTtlHours,
    };
    requireValidKey(request);
    const recorded = await this.recordIntent(ctx, orderKey, request);
    if (recorded.payment) {
      await this.changes.orderChanged(ctx, orderKey);
      return this.startAtGateway(ctx, recorded.payment, input.paymentToken, request);
    }
    const stored = await storedResponse<{ paymentId: string }>(this.prisma, request);
    if (stored) {
      const intent = await this.findPaymentRow(ctx, stored.paymentId);
      // The stored payment is gone only when the gateway refused it, and that freed the key.
      if (!intent) throw conflict("This payment was refused meanwhile; try again.", "idempotencyKey");
      return this.startAtGateway(ctx, intent, input.paymentToken, request);
    }
    const { order } = recorded;
    if (!order || !canSeeOrder(ctx.viewer, order)) throw notFound("Order");
    if (order.status !== "PENDING_PAYMENT")
      throw conflict(`An order that is ${order.status} cannot be paid.`);
    // Payable, and the key free: it was live when the claim ran and expired since.
    throw conflict("The idempotencyKey expired meanwhile; try again.", "idempotencyKey");
  }

  private async recordIntent(
    ctx: RequestContext,
    orderKey: string,
    request: IdempotentRequest,
  ): Promise<PaymentIntentRecord> {
    try {
      return await recordPaymentIntent(this.prisma, ctx.viewer, {
        orderKey,
        paymentId: randomUUID(),
        gateway: this.gateway.name,
        request,
      });
    } catch (error) {
      if (isUniqueViolation(error, "payments_one_pending_per_order"))
        throw conflict("A payment for this order is already in progress; wait for its outcome.");
      throw error;
    }
  }

  /**
   * Asks the gateway to take the money of a recorded intent, then records its id for the
   * payment and returns the payment. A replay (same idempotency key) of a payment already
   * started asks nothing; one whose call was lost asks again with the same gateway
   * idempotency key (the payment's id), so the gateway starts no second payment.
   */
  private async startAtGateway(
    ctx: RequestContext,
    intent: PaymentRow,
    paymentToken: string,
    request: IdempotentRequest,
    attempt: "first" | "retrying" = "first",
  ): Promise<PaymentRow> {
    if (intent.providerRef !== null) return intent;
    const paymentId = intent.id;
    let providerRef: string;
    try {
      ({ providerRef } = await this.gateway.createPayment({
        amount: intent.amount,
        currencyCode: intent.currencyCode,
        paymentToken,
        idempotencyKey: paymentId,
      }));
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) {
        // Not an answer (the network, the gateway down): a job asks again; the caller still
        // hears of the failure. A retrying job just fails, and its queue tries again later.
        if (attempt === "first")
          await this.jobs.enqueue(ctx, this.intentRetry, { paymentId, paymentToken, request });
        throw error;
      }
      // Refused outright: nothing was charged, so the attempt never happened — the order can
      // be paid again, and so can this idempotency key (with another token, say).
      await this.transactions.withTransaction(ctx, async (ctx) => {
        const tx = transactionOf(ctx);
        const { count } = await tx.payment.deleteMany({ where: { id: paymentId, providerRef: null } });
        await releaseIdempotencyKey(tx, request);
        if (count > 0) await this.changes.orderChanged(ctx, intent.orderId);
      });
      throw badUserInput(`The payment gateway refused: ${error.message}.`, "paymentToken");
    }
    // The payment as it now is is the mutation's answer: no read after.
    const [started] = await this.prisma.payment.updateManyAndReturn({
      where: { id: paymentId, providerRef: null },
      data: { providerRef },
      select: paymentSelect,
    });
    // A replay racing this call recorded the same id first (the gateway is idempotent).
    return (
      started ?? this.prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, select: paymentSelect })
    );
  }

  findPaymentRow(_ctx: RequestContext, id: string): Promise<PaymentRow | null> {
    return this.prisma.payment.findUnique({ where: { id }, select: paymentSelect });
  }

  /**
   * STAFF: gives a paid order's money back through the gateway and returns its stock. The
   * refund is recorded as pending, asked of the gateway (idempotent per payment), then the
   * order moves to REFUNDED through its usual locked transition — so of two racing refunds
   * one wins and the other is a CONFLICT, and stock comes back once.
   */
  async refundOrder(ctx: RequestContext, orderId: string): Promise<OrderRow> {
    const orderKey = keyFromGlobalId(orderId, "Order", "orderId");
    const payment = await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const [order] = await tx.$queryRaw<Pick<OrderRow, "status" | "userId">[]>`
        SELECT status, user_id AS "userId" FROM orders WHERE id = ${orderKey}::uuid FOR UPDATE`;
      if (!order || !canSeeOrder(ctx.viewer, order)) throw notFound("Order");
      requireNextStatus(order.status, "REFUND");
      const succeeded = await tx.payment.findFirst({
        where: { orderId: orderKey, status: "SUCCEEDED" },
        select: { id: true, providerRef: true, amount: true },
      });
      if (!succeeded?.providerRef) throw conflict("This order has no succeeded payment to refund.");
      await tx.payment.update({ where: { id: succeeded.id }, data: { refundPendingSince: new Date() } });
      return { ...succeeded, providerRef: succeeded.providerRef };
    });
    try {
      await this.gateway.refund(payment.providerRef, payment.amount);
    } catch (error) {
      // Refused: no money moved, so the refund is no longer pending.
      if (error instanceof GatewayRequestError) {
        await this.prisma.payment.updateMany({
          where: { id: payment.id, status: "SUCCEEDED" },
          data: { refundPendingSince: null },
        });
        throw conflict(`The payment gateway refused the refund: ${error.message}.`);
      }
      throw error;
    }
    return this.orders.transition(ctx, orderKey, "REFUND", async (ctx) => {
      await transactionOf(ctx).payment.update({
        where: { id: payment.id },
        data: { status: "REFUNDED", refundPendingSince: null },
      });
    });
  }
}
