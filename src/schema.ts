import type { GraphQLSchema } from "graphql";
import { buildSchema, type PubSub } from "type-graphql";
import { authChecker } from "./auth/auth-checker";
import { NodeResolver } from "./graphql/node.resolver";
import { inProcessChangeBus } from "./events/change-pubsub";
import { validatorSettings } from "./graphql/page-args-validation";
import { DateTimeScalar } from "./graphql/scalars";
import { AccountResolver } from "./modules/account/account.resolver";
import { AddressResolver } from "./modules/account/address.resolver";
import { ApiClientResolver } from "./modules/api-client/api-client.resolver";
import { AuditEntryResolver } from "./modules/audit/audit-log.resolver";
import { UserResolver } from "./modules/account/user.resolver";
import { CartLineResolver, CartResolver } from "./modules/cart/cart.resolver";
import {
  OrderFieldsResolver,
  OrderLineFieldsResolver,
  UserOrdersResolver,
} from "./modules/order/order-fields.resolver";
import { CheckoutQuoteResolver } from "./modules/order/checkout-quote.resolver";
import { OrderResolver } from "./modules/order/order.resolver";
import { OrderSubscriptionResolver } from "./modules/order/order-subscription.resolver";
import { PaymentResolver } from "./modules/payment/payment.resolver";
import { CatalogAdminResolver } from "./modules/catalog/catalog-admin.resolver";
import { CategoryResolver } from "./modules/catalog/category.resolver";
import { ProductResolver } from "./modules/catalog/product.resolver";
import { ProductSubscriptionResolver } from "./modules/catalog/product-subscription.resolver";
import { VariantResolver } from "./modules/catalog/variant.resolver";
import { ProductReviewsResolver, ReviewResolver } from "./modules/review/review.resolver";
import { DiscountCodeResolver } from "./modules/discount/discount.resolver";
import { ShippingMethodResolver, ShippingZoneResolver } from "./modules/shipping/shipping.resolver";
import { ProductTaxClassResolver, TaxClassFieldsResolver, TaxResolver } from "./modules/tax/tax.resolver";
import { WebhookEndpointFieldsResolver, WebhookEndpointResolver } from "./modules/webhook/webhook.resolver";

export const resolvers = [
  NodeResolver,
  AccountResolver,
  AddressResolver,
  UserResolver,
  ProductResolver,
  CategoryResolver,
  VariantResolver,
  CatalogAdminResolver,
  ProductSubscriptionResolver,
  ProductReviewsResolver,
  ReviewResolver,
  CartResolver,
  CartLineResolver,
  OrderResolver,
  CheckoutQuoteResolver,
  OrderSubscriptionResolver,
  OrderFieldsResolver,
  OrderLineFieldsResolver,
  UserOrdersResolver,
  PaymentResolver,
  DiscountCodeResolver,
  ShippingZoneResolver,
  ShippingMethodResolver,
  TaxResolver,
  TaxClassFieldsResolver,
  ProductTaxClassResolver,
  WebhookEndpointResolver,
  WebhookEndpointFieldsResolver,
  ApiClientResolver,
  AuditEntryResolver,
] as const;

/**
 * The schema, code first: resolver classes and their types are the single source of truth.
 * Object types declare `simpleResolvers: true`: their plain fields resolve as property reads,
 * without a type-graphql wrapper per field (most of a listing's fields). A field that needs
 * `@Authorized` or middleware must then say `simple: false` (none does); field resolvers
 * in resolver classes are unaffected.
 *
 * @param pubSub the app's change bus. type-graphql requires one as soon as a subscription
 * exists; Bazaar's subscriptions read it through `services.changes` (they start with the
 * current state, which type-graphql's topic subscriptions cannot), so a schema that is only
 * printed or inspected may take the default.
 */
export async function buildBazaarSchema(
  pubSub: PubSub = inProcessChangeBus().pubSub,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    pubSub,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // forbidUnknownValues off: type-graphql validates its own input class instances.
    validate: validatorSettings,
    emitSchemaFile: false,
  });
  // type-graphql has no option for the root types' descriptions; the schema is fresh, so
  // setting them here changes nothing anyone else holds.
  const query = schema.getQueryType();
  if (query) query.description = "Reads: the catalog, carts, orders and the signed-in user.";
  const mutation = schema.getMutationType();
  if (mutation)
    mutation.description =
      "Writes: accounts, carts, checkout and payment, reviews, and the staff's catalog and order tools.";
  const subscription = schema.getSubscriptionType();
  if (subscription)
    subscription.description =
      'Live updates over the graphql-ws protocol (subprotocol graphql-transport-ws) on the /graphql path. The connection_init payload may carry {"authorization": "Bearer <token>"}; a bad token closes the socket with 4403.';
  return schema;
}
