import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "./auth/auth-checker";
import { NodeResolver } from "./graphql/node.resolver";
import { DateTimeScalar } from "./graphql/scalars";
import { AccountResolver } from "./modules/account/account.resolver";
import { AddressResolver } from "./modules/account/address.resolver";
import { UserResolver } from "./modules/account/user.resolver";
import { CartLineResolver, CartResolver } from "./modules/cart/cart.resolver";
import { OrderFieldsResolver, OrderLineFieldsResolver, UserOrdersResolver } from "./modules/order/order-fields.resolver";
import { OrderResolver } from "./modules/order/order.resolver";
import { PaymentResolver } from "./modules/payment/payment.resolver";
import { CatalogAdminResolver } from "./modules/catalog/catalog-admin.resolver";
import { CategoryResolver } from "./modules/catalog/category.resolver";
import { ProductResolver } from "./modules/catalog/product.resolver";
import { VariantResolver } from "./modules/catalog/variant.resolver";
import { ProductReviewsResolver, ReviewResolver } from "./modules/review/review.resolver";

export const resolvers = [
  NodeResolver,
  AccountResolver,
  AddressResolver,
  UserResolver,
  ProductResolver,
  CategoryResolver,
  VariantResolver,
  CatalogAdminResolver,
  ProductReviewsResolver,
  ReviewResolver,
  CartResolver,
  CartLineResolver,
  OrderResolver,
  OrderFieldsResolver,
  OrderLineFieldsResolver,
  UserOrdersResolver,
  PaymentResolver,
] as const;

/** The schema, code first: resolver classes and their types are the single source of truth. */
export function buildBazaarSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // forbidUnknownValues off: type-graphql validates its own input class instances.
    validate: { forbidUnknownValues: false, stopAtFirstError: true },
    emitSchemaFile: false,
  });
}
