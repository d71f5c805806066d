import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
} from "type-graphql";
import type { Context } from "../../context";
import { OrderStatus } from "../../generated/prisma/enums";
import { ConnectionArgs, type Connection } from "../../graphql/connection";
import { nodesOfConnection, selectionOf } from "../../graphql/selection";
import { CheckoutInput } from "./checkout.inputs";
import { OrderConnection, toOrderConnection } from "./order-connection";
import { primeOrder, primeOrderPage, selectedOrderRelations } from "./order-look-ahead";
import { OrderType } from "./order.type";

@ArgsType()
class OrdersArgs extends ConnectionArgs {
  @Field(() => OrderStatus, { nullable: true, description: "Only orders in this status." })
  status?: OrderStatus | null;
}

@Resolver(() => OrderType)
export class OrderResolver {
  @Query(() => OrderType, {
    nullable: true,
    description: "An order by id: the caller's own, a guest order by the id from checkout, or any for staff.",
  })
  async order(
    @Arg("id", () => ID, { description: "The order's id, as checkout returned it." }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrderType> {
    const selection = selectionOf(info);
    const relations = selectedOrderRelations(ctx, selection ? [selection] : []);
    return OrderType.from(
      primeOrder(ctx, await ctx.services.orders.findOrderWithRelations(ctx.request, id, relations)),
    );
  }

  @Authorized("STAFF", "ADMIN")
  @Query(() => OrderConnection, { description: "STAFF/ADMIN: all orders." })
  async orders(
    @Args(() => OrdersArgs) args: OrdersArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<OrderType>> {
    const relations = selectedOrderRelations(ctx, nodesOfConnection(selectionOf(info), "Order"));
    const page = await ctx.services.orders.listOrders(ctx.request, args, { status: args.status }, relations);
    return toOrderConnection(primeOrderPage(ctx, page));
  }

  @Mutation(() => OrderType, {
    description:
      "Turns a cart into an order (PENDING_PAYMENT), reserving stock. Same idempotencyKey + same input = the same order.",
  })
  async checkout(
    @Arg("input", () => CheckoutInput, { description: "The cart, where to ship and an idempotency key." })
    input: CheckoutInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrderType> {
    const relations = selectedOrderRelations(
      ctx,
      [selectionOf(info)].filter((tree) => tree !== null),
    );
    const { orderId, placed } = await ctx.services.checkout.checkout(ctx.request, input, relations);
    if (!placed) return OrderType.from(await ctx.services.orders.findOrderByKey(ctx.request, orderId));
    // The order as placed answers: its lines (variants, products), and no payments yet.
    ctx.loaders.paymentsByOrderId.prime(orderId, []);
    return OrderType.from(primeOrder(ctx, placed));
  }

  @Mutation(() => OrderType, { description: "Cancels an unpaid order and returns its stock." })
  async cancelOrder(
    @Arg("orderId", () => ID, { description: "The unpaid order to cancel." }) orderId: string,
    @Ctx() ctx: Context,
  ): Promise<OrderType> {
    return OrderType.from(await ctx.services.orders.cancelOrder(ctx.request, orderId));
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => OrderType, { description: "STAFF/ADMIN: marks a paid order as shipped." })
  async fulfillOrder(
    @Arg("orderId", () => ID, { description: "The paid order that shipped." }) orderId: string,
    @Ctx() ctx: Context,
  ): Promise<OrderType> {
    return OrderType.from(await ctx.services.orders.fulfillOrder(ctx.request, orderId));
  }
}
