import {
  Arg,
  Ctx,
  Extensions,
  ID,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import type { Context } from "../../context";
import type { ProductChange } from "../../events/change-pubsub";
import { notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { sharedByViewerRoles } from "../../graphql/subscriptions/result-sharing";
import { findVisibleProductByKey } from "./product-lookup";
import { ProductType } from "./product.type";

interface ProductUpdatedArgs {
  productId: string;
}

/** The product as the subscriber may see it now. @throws NOT_FOUND when absent or archived. */
async function visibleProduct(context: Context, productKey: string): Promise<ProductType> {
  const row = await findVisibleProductByKey(context, productKey);
  if (!row) throw notFound("Product");
  return ProductType.from(row, context.currencyCode);
}

@Resolver()
export class ProductSubscriptionResolver {
  @Subscription(() => ProductType, {
    description:
      "The product's current state first, then every change of a variant's price or stock. Anyone.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, ProductUpdatedArgs, Context>) => {
      const productKey = keyFromGlobalId(args.productId, "Product", "productId");
      await visibleProduct(context, productKey);
      return context.services.changes.productUpdates(productKey);
    },
  })
  // One execution per event for every subscriber with the same document, variables and role
  // set. Safe because everything a Product reaches (its variants, category and the
  // category's products, reviews) depends on the viewer only through catalog.policy and
  // review.policy: whether the viewer is staff (archived products, their variants and
  // reviews), which the role set decides. Nothing reachable reads who the viewer is; a field
  // that did (e.g. "my review") would make this unsafe.
  @Extensions(sharedByViewerRoles)
  async productUpdated(
    @Arg("productId", () => ID, { description: "The product to follow." }) _productId: string,
    @Root() change: ProductChange,
    @Ctx() context: Context,
  ): Promise<ProductType> {
    return visibleProduct(context, change.productKey);
  }
}
