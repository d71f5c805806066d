import { connectionType, type Connection, type Page } from "../../graphql/connection";
import type { OrderRow } from "./order-rows";
import { OrderType } from "./order.type";

export const OrderConnection = connectionType(OrderType, "Order");

export function toOrderConnection(page: Page<OrderRow>): Connection<OrderType> {
  return OrderConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({ node: OrderType.from(node), cursor })),
  });
}
