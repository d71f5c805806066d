import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy } from "../../graphql/rekey";
import { paymentSelect, type PaymentRow } from "../payment/payment.type";
import { orderLineSelect, type OrderLineRow } from "./order-rows";

export interface OrderLoaders {
  linesByOrderId: DataLoader<string, OrderLineRow[]>;
  paymentsByOrderId: DataLoader<string, PaymentRow[]>;
}

export function createOrderLoaders(prisma: PrismaClient, options: LoaderOptions = {}): OrderLoaders {
  return {
    linesByOrderId: new DataLoader(
      async (orderIds) =>
        groupBy(
          orderIds,
          await prisma.orderLine.findMany({
            where: { orderId: { in: [...orderIds] } },
            select: orderLineSelect,
            orderBy: [{ position: "asc" }, { id: "asc" }],
          }),
          (line) => line.orderId,
        ),
      options,
    ),
    paymentsByOrderId: new DataLoader(
      async (orderIds) =>
        groupBy(
          orderIds,
          await prisma.payment.findMany({
            where: { orderId: { in: [...orderIds] } },
            select: paymentSelect,
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          }),
          (payment) => payment.orderId,
        ),
      options,
    ),
  };
}
