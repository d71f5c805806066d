import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionArgs, type Connection } from "../../graphql/connection";
import { validatePageArgs } from "../../graphql/page-args-validation";
import { nodesOfConnection, selectionOf } from "../../graphql/selection";
import { forbidden } from "../../graphql/errors";
import { toGlobalId } from "../../graphql/global-id";
import type { NormalizedAddress } from "../account/address-normalize";
import { canSeeUser } from "../account/account.policy";
import { AddressType } from "../account/address.type";
import { UserType } from "../account/user.type";
import { ProductVariantType } from "../catalog/variant.type";
import { PaymentType } from "../payment/payment.type";
import { OrderLineType } from "./order-line.type";
import { OrderConnection, toOrderConnection } from "./order-connection";
import { primeOrderPage, selectedOrderRelations } from "./order-look-ahead";
import { OrderType } from "./order.type";

/** The fields OrderFieldsResolver resolves on OrderType: ResolverInterface checks each method against them. */
interface OrderFieldsFields {
  customer: UserType | null;
  lines: OrderLineType[];
  payments: PaymentType[];
  shippingAddress: AddressType;
}

@Resolver(() => OrderType)
export class OrderFieldsResolver implements ResolverInterface<OrderType & OrderFieldsFields> {
  @FieldResolver(() => UserType, { nullable: true, description: "The customer; null for a guest order." })
  async customer(@Root() order: OrderType, @Ctx() ctx: Context): Promise<UserType | null> {
    if (!order.customerKey) return null;
    const row = await ctx.loaders.userById.load(order.customerKey);
    return row && UserType.from(row);
  }

  @FieldResolver(() => [OrderLineType], { description: "What was bought, as it was at checkout." })
  async lines(@Root() order: OrderType, @Ctx() ctx: Context): Promise<OrderLineType[]> {
    return (await ctx.loaders.linesByOrderId.load(order.key)).map((row) =>
      OrderLineType.from(row, order.total.currencyCode),
    );
  }

  @FieldResolver(() => [PaymentType], { description: "Payment attempts, oldest first." })
  async payments(@Root() order: OrderType, @Ctx() ctx: Context): Promise<PaymentType[]> {
    return (await ctx.loaders.paymentsByOrderId.load(order.key)).map((row) => PaymentType.from(row));
  }

  @FieldResolver(() => AddressType, { description: "Where it ships: a snapshot taken at checkout." })
  shippingAddress(@Root() order: OrderType): AddressType {
    const snapshot = order.addressSnapshot as NormalizedAddress;
    // The snapshot is not an address-book entry: its id names the order it belongs to.
    return Object.assign(new AddressType(), {
      ...snapshot,
      ownerKey: order.customerKey,
      id: toGlobalId("OrderAddress", order.key),
    });
  }
}

/** The fields OrderLineFieldsResolver resolves on OrderLineType: ResolverInterface checks each method against them. */
interface OrderLineFieldsFields {
  variant: ProductVariantType | null;
}

@Resolver(() => OrderLineType)
export class OrderLineFieldsResolver implements ResolverInterface<OrderLineType & OrderLineFieldsFields> {
  @FieldResolver(() => ProductVariantType, {
    nullable: true,
    description: "The variant as it is NOW; null if it was deleted.",
  })
  async variant(@Root() line: OrderLineType, @Ctx() ctx: Context): Promise<ProductVariantType | null> {
    if (!line.variantKey) return null;
    const row = await ctx.loaders.variantById.load(line.variantKey);
    return row && ProductVariantType.from(row, ctx.currencyCode);
  }
}

/** The fields UserOrdersResolver resolves on UserType: ResolverInterface checks each method against them. */
interface UserOrdersFields {
  orders: Connection<OrderType>;
}

@Resolver(() => UserType)
export class UserOrdersResolver implements ResolverInterface<UserType & UserOrdersFields> {
  @FieldResolver(() => OrderConnection, {
    description: "The user's orders, newest first (the user and staff only).",
  })
  async orders(
    @Root() user: UserType,
    @Args(() => ConnectionArgs, { validateFn: validatePageArgs }) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<OrderType>> {
    if (!canSeeUser(ctx.request.viewer, { id: user.key })) throw forbidden();
    const relations = selectedOrderRelations(ctx, nodesOfConnection(selectionOf(info), "Order"));
    const page = await ctx.services.orders.listOrders(ctx.request, args, { userId: user.key }, relations);
    return toOrderConnection(primeOrderPage(ctx, page));
  }
}
