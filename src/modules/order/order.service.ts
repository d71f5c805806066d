import type { RequestContext } from "../../common/request-context";
import type { DirectSql } from "../../db/direct-sql";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { ChangeEvents } from "../../events/change-events";
import type { OrderStatus } from "../../generated/prisma/enums";
import { Prisma } from "../../generated/prisma/client";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { newestFirstEdge, newestFirstSeekSql, type CursorCodec } from "../../graphql/cursor";
import { notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { recordUpdate } from "../audit/record-audit";
import { refreshProductAggregates } from "../catalog/product-aggregates";
import type { WebhookEvents } from "../webhook/webhook-events";
import { releaseDiscountUse } from "../discount/discount-uses";
import { canSeeOrder } from "./order.policy";
import { requireNextStatus, returnsStock, type OrderEvent } from "./order-state";
import {
  noOrderRelations,
  orderRelationColumns,
  type OrderRelations,
  type OrderRowWithRelations,
} from "./order-relations";
import { orderColumns, orderSelect, type OrderRow } from "./order-rows";
import { releaseOrderStock } from "./stock";

/** Runs inside a transition's transaction, before the status changes (e.g. a gateway refund). */
export type TransitionEffect = (ctx: RequestContext, order: OrderRow) => Promise<void>;

/**
 * The events that are someone running the shop (staff, an API client, the unpaid-order
 * sweeper), written to the audit log; a payment is the customer's and the gateway's.
 */
const auditedEvents: Partial<Record<OrderEvent, string>> = {
  FULFIL: "order.fulfill",
  CANCEL: "order.cancel",
  REFUND: "order.refund",
};

/** Reading orders and moving them through their lifecycle. */
export class OrderService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: DirectSql,
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
    private readonly changes: ChangeEvents,
    private readonly webhookEvents: WebhookEvents,
  ) {}

  /** @throws NOT_FOUND when the order does not exist or is not the caller's. */
  findOrder(ctx: RequestContext, id: string, field = "id"): Promise<OrderRow> {
    return this.findOrderByKey(ctx, keyFromGlobalId(id, "Order", field));
  }

  /** An order row by database key, whoever asks (callers check visibility). */
  findOrderRow(_ctx: RequestContext, key: string): Promise<OrderRow | null> {
    return this.prisma.order.findUnique({ where: { id: key }, select: orderSelect });
  }

  /**
   * `order(id)` as the API reads it: the order with what its selection asks for
   * (`relations`, see order-relations.ts) in ONE statement. A request's own read, never
   * part of a transaction.
   * @throws NOT_FOUND when the order does not exist or is not the caller's.
   */
  async findOrderWithRelations(
    ctx: RequestContext,
    id: string,
    relations: OrderRelations,
  ): Promise<OrderRowWithRelations> {
    const key = keyFromGlobalId(id, "Order", "id");
    const [row] = await this.sql.rows<OrderRowWithRelations>(
      Prisma.sql`SELECT ${orderColumns}${orderRelationColumns(relations)} FROM orders o WHERE o.id = ${key}::uuid`,
    );
    if (!row || !canSeeOrder(ctx.viewer, row)) throw notFound("Order");
    return row;
  }

  /** An order by database key (e.g. just placed), with the same visibility rule. */
  async findOrderByKey(ctx: RequestContext, key: string): Promise<OrderRow> {
    const row = await this.findOrderRow(ctx, key);
    if (!row || !canSeeOrder(ctx.viewer, row)) throw notFound("Order");
    return row;
  }

  /**
   * Newest first, keyset-paged; `userId` narrows to one customer, `status` to one state.
   * With `relations`, each row carries them (see order-relations.ts): one statement.
   */
  async listOrders(
    _ctx: RequestContext,
    args: ConnectionArgs,
    filter: { userId?: string; status?: OrderStatus | null },
    relations: OrderRelations = noOrderRelations,
  ): Promise<Page<OrderRowWithRelations>> {
    const scope = "orders";
    const after =
      args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, scope) : null;
    // One filter for the page and its count; the count leaves out the cursor's seek.
    const filters = [
      filter.userId ? Prisma.sql`o.user_id = ${filter.userId}::uuid` : null,
      filter.status ? Prisma.sql`o.status = ${filter.status}::"OrderStatus"` : null,
    ].filter((condition) => condition !== null);
    const whereOf = (conditions: Prisma.Sql[]) =>
      conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
    const seek = after ? [newestFirstSeekSql(after, Prisma.sql`o`)] : [];
    const rows = await this.sql.rows<OrderRowWithRelations>(Prisma.sql`
      SELECT ${orderColumns}${orderRelationColumns(relations)}
      FROM orders o ${whereOf([...filters, ...seek])}
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT ${pageSize(args) + 1}`);
    return toPage(rows, pageSize(args), after, newestFirstEdge(this.cursors, scope), async () => {
      const [counted] = await this.sql.rows<{ count: number }>(
        Prisma.sql`SELECT count(*)::int AS count FROM orders o ${whereOf(filters)}`,
      );
      return counted?.count ?? 0;
    });
  }

  /**
   * Applies a lifecycle event in ONE transaction: the order row is locked, the transition
   * checked against the state machine (illegal → CONFLICT), `effect` run, the status
   * written, and reserved stock and the discount code's use returned when the event says
   * so. Because the status check and change happen under the lock, both go back exactly
   * once however often or concurrently the event is sent. Subscribers hear of the order
   * (and of the products whose stock came back) once it commits; webhook endpoints get the
   * event (ORDER_PAID, ORDER_FULFILLED, ORDER_CANCELLED, ORDER_REFUNDED) through the outbox
   * this transaction writes.
   */
  async transition(
    ctx: RequestContext,
    orderKey: string,
    event: OrderEvent,
    effect?: TransitionEffect,
  ): Promise<OrderRow> {
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const [locked] = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM orders WHERE id = ${orderKey}::uuid FOR UPDATE`;
      if (!locked) throw notFound("Order");
      const order = await tx.order.findUniqueOrThrow({ where: { id: orderKey }, select: orderSelect });
      if (!canSeeOrder(ctx.viewer, order)) throw notFound("Order");
      const status = requireNextStatus(order.status, event);
      await effect?.(ctx, order);
      const updated = await tx.order.update({
        where: { id: orderKey },
        data: { status },
        select: orderSelect,
      });
      await this.changes.orderChanged(ctx, orderKey);
      if (returnsStock(event)) {
        // Under the order's lock and its status check, like the stock: given back once.
        await releaseDiscountUse(tx, orderKey);
        const productKeys = await releaseOrderStock(ctx, orderKey);
        await refreshProductAggregates(ctx, productKeys);
        await this.changes.productsChanged(ctx, productKeys);
      }
      const action = auditedEvents[event];
      if (action)
        await recordUpdate(
          ctx,
          action,
          { type: "Order", key: orderKey },
          { status: order.status },
          { status },
        );
      // Last, so the event carries the order as this transaction leaves it.
      await this.webhookEvents.orderChanged(ctx, orderKey, status);
      return updated;
    });
  }

  /** Whoever may see an unpaid order may cancel it: its customer, its guest, staff. */
  async cancelOrder(ctx: RequestContext, orderId: string): Promise<OrderRow> {
    return this.transition(ctx, keyFromGlobalId(orderId, "Order", "orderId"), "CANCEL");
  }

  async fulfillOrder(ctx: RequestContext, orderId: string): Promise<OrderRow> {
    return this.transition(ctx, keyFromGlobalId(orderId, "Order", "orderId"), "FULFIL");
  }
}
