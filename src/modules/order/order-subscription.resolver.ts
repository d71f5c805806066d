import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { Context } from "../../context";
import type { OrderChange } from "../../events/change-pubsub";
import { OrderType } from "./order.type";

interface OrderUpdatedArgs {
  orderId: string;
}

@Resolver()
export class OrderSubscriptionResolver {
  @Subscription(() => OrderType, {
    description:
      "The order's current state first, then every change (status, payments). For its customer, a guest holding its id, or STAFF/ADMIN; anyone else: NOT_FOUND.",
    // Visibility is checked here, before anything is sent, and again on every event.
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, OrderUpdatedArgs, Context>) => {
      const order = await context.services.orders.findOrder(context.request, args.orderId, "orderId");
      return context.services.changes.orderUpdates(order.id);
    },
  })
  // Not shared between subscribers (no `sharedByViewerRoles`): an order is its customer's,
  // seen by its customer, a guest holding its id, or staff; each runs its own execution.
  async orderUpdated(
    @Arg("orderId", () => ID, { description: "The order to follow, as checkout returned it." })
    _orderId: string,
    @Root() change: OrderChange,
    @Ctx() context: Context,
  ): Promise<OrderType> {
    return OrderType.from(await context.services.orders.findOrderByKey(context.request, change.orderKey));
  }
}
