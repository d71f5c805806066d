import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { runIdempotently } from "../order/idempotency";
import { canSeeOrder } from "../order/order.policy";
import type { OrderService } from "../order/order.service";
import type { OrderRow } from "../order/order.type";
import { GatewayRequestError, type PaymentGateway } from "./payment-gateway";
import { paymentSelect, type PaymentRow } from "./payment.type";
import type { PayOrderInput } from "./payment.inputs";

/** Starting payments and refunds; outcomes arrive through `PaymentWebhookService`. */
export class PaymentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly gateway: PaymentGateway,
    private readonly orders: OrderService,
    private readonly idempotencyTtlHours: number,
  ) {}

  /**
   * Starts a payment for an unpaid order: a PENDING payment, whose outcome the gateway
   * reports by webhook. One attempt at a time per order (a second while one is PENDING is
   * a CONFLICT), so an order cannot be charged twice; after a decline the customer may pay
   * again. The amount is the order's total, never anything the client says.
   */
  async payOrder(ctx: RequestContext, input: PayOrderInput): Promise<string> {
    const orderKey = keyFromGlobalId(input.orderId, "Order", "orderId");
    const { paymentId } = await runIdempotently(
      this.prisma,
      {
        scope: ctx.viewer.userId ? `user:${ctx.viewer.userId}` : `order:${orderKey}`,
        operation: "payOrder",
        key: input.idempotencyKey,
        input: { orderKey, paymentToken: input.paymentToken },
        ttlHours: this.idempotencyTtlHours,
      },
      async (tx) => {
        const [order] = await tx.$queryRaw<Pick<OrderRow, "status" | "userId">[]>`
          SELECT status, user_id AS "userId" FROM orders WHERE id = ${orderKey}::uuid FOR UPDATE`;
        if (!order || !canSeeOrder(ctx.viewer, order)) throw notFound("Order");
        if (order.status !== "PENDING_PAYMENT") throw conflict(`An order that is ${order.status} cannot be paid.`);
        const inFlight = await tx.payment.count({ where: { orderId: orderKey, status: "PENDING" } });
        if (inFlight > 0) throw conflict("A payment for this order is already in progress; wait for its outcome.");
        const { totalAmount, currencyCode } = await tx.order.findUniqueOrThrow({
          where: { id: orderKey },
          select: { totalAmount: true, currencyCode: true },
        });
        let providerRef: string;
        try {
          ({ providerRef } = await this.gateway.createPayment({
            amount: totalAmount,
            currencyCode,
            paymentToken: input.paymentToken,
            idempotencyKey: `${orderKey}:${input.idempotencyKey}`,
          }));
        } catch (error) {
          if (error instanceof GatewayRequestError) throw badUserInput(`The payment gateway refused: ${error.message}.`, "paymentToken");
          throw error;
        }
        const payment = await tx.payment.create({
          data: { orderId: orderKey, gateway: this.gateway.name, providerRef, amount: totalAmount, currencyCode },
          select: { id: true },
        });
        return { paymentId: payment.id };
      },
    );
    return paymentId;
  }

  findPaymentRow(_ctx: RequestContext, id: string): Promise<PaymentRow | null> {
    return this.prisma.payment.findUnique({ where: { id }, select: paymentSelect });
  }

  /** A payment just created by `payOrder`. */
  async findPayment(id: string): Promise<PaymentRow> {
    return this.prisma.payment.findUniqueOrThrow({ where: { id }, select: paymentSelect });
  }

  /** STAFF: gives a paid order's money back through the gateway and returns its stock. */
  async refundOrder(ctx: RequestContext, orderId: string): Promise<OrderRow> {
    return this.orders.transition(ctx, keyFromGlobalId(orderId, "Order", "orderId"), "REFUND", async (tx, order) => {
      const payment = await tx.payment.findFirst({ where: { orderId: order.id, status: "SUCCEEDED" }, select: { id: true, providerRef: true, amount: true } });
      if (!payment) throw conflict("This order has no succeeded payment to refund.");
      // The gateway refunds idempotently per payment: if this transaction fails after it,
      // a retry refunds nothing twice.
      try {
        await this.gateway.refund(payment.providerRef, payment.amount);
      } catch (error) {
        if (error instanceof GatewayRequestError) throw conflict(`The payment gateway refused the refund: ${error.message}.`);
        throw error;
      }
      await tx.payment.update({ where: { id: payment.id }, data: { status: "REFUNDED" } });
    });
  }
}
