import type { NodeSource } from "../../graphql/node-directory";
import { PaymentType } from "../payment/payment.type";
import { canSeeOrder } from "./order.policy";
import { OrderType } from "./order.type";

/** Orders and payments answer `node(id)` only to whoever may see the order. */
export const orderNodeSources: NodeSource[] = [
  {
    typeName: "Order",
    async load(ctx, key) {
      const row = await ctx.services.orders.findOrderRow(ctx.request, key);
      return row && canSeeOrder(ctx.request.viewer, row) ? OrderType.from(row) : null;
    },
  },
  {
    typeName: "Payment",
    async load(ctx, key) {
      const payment = await ctx.services.payments.findPaymentRow(ctx.request, key);
      const order = payment && (await ctx.services.orders.findOrderRow(ctx.request, payment.orderId));
      return payment && order && canSeeOrder(ctx.request.viewer, order) ? PaymentType.from(payment) : null;
    },
  },
];
