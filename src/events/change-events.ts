import { Repeater } from "@graphql-yoga/subscription";
import type { RequestContext } from "../common/request-context";
import type { Transactions } from "../db/transactions";
import type { ChangePubSub, OrderChange, ProductChange } from "./change-pubsub";

/**
 * What services say about the changes subscribers follow (`orderUpdated`, `productUpdated`),
 * and the streams those subscriptions read. A change is announced only once it committed
 * (`Transactions.afterCommit`), so a rolled-back change is never heard of. An announcement
 * carries ids only: each subscriber reloads the entity as its own viewer.
 */
export class ChangeEvents {
  constructor(
    private readonly transactions: Transactions,
    private readonly pubSub: ChangePubSub,
  ) {}

  /** The order's status or payments changed. */
  orderChanged(ctx: RequestContext, orderKey: string): Promise<void> {
    return this.transactions.afterCommit(ctx, () =>
      this.pubSub.publish("order-updated", orderKey, { orderKey }),
    );
  }

  /** A variant's price or stock changed on each of these products. */
  productsChanged(ctx: RequestContext, productKeys: readonly string[]): Promise<void> {
    return this.transactions.afterCommit(ctx, () => {
      for (const productKey of new Set(productKeys))
        this.pubSub.publish("product-updated", productKey, { productKey });
    });
  }

  /** The order as it is now (one change to load first), then each change of it. */
  orderUpdates(orderKey: string): AsyncIterable<OrderChange> {
    return currentThenChanges({ orderKey }, this.pubSub.subscribe("order-updated", orderKey));
  }

  productUpdates(productKey: string): AsyncIterable<ProductChange> {
    return currentThenChanges({ productKey }, this.pubSub.subscribe("product-updated", productKey));
  }
}

/**
 * `current` first, then `changes`. Both start listening together, when the subscriber first
 * reads: the entity is loaded for `current` after the listener is in place, so a change
 * that commits meanwhile is heard as well, never lost between the load and the subscription.
 * Ending the merged stream ends `changes` (its listener is removed).
 */
function currentThenChanges<T extends OrderChange | ProductChange>(
  current: T,
  changes: AsyncIterable<T>,
): AsyncIterable<T> {
  // Repeater's type unwraps promised values, which T (a plain object) never is.
  return Repeater.merge([[current], changes]) as AsyncIterable<T>;
}
