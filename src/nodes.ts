import { NodeDirectory } from "./graphql/node-directory";
import { accountNodeSources } from "./modules/account/account.nodes";
import { apiClientNodeSources } from "./modules/api-client/api-client.nodes";
import { auditNodeSources } from "./modules/audit/audit.nodes";
import { cartNodeSources } from "./modules/cart/cart.nodes";
import { catalogNodeSources } from "./modules/catalog/catalog.nodes";
import { discountNodeSources } from "./modules/discount/discount.nodes";
import { orderNodeSources } from "./modules/order/order.nodes";
import { reviewNodeSources } from "./modules/review/review.nodes";
import { shippingNodeSources } from "./modules/shipping/shipping.nodes";
import { taxNodeSources } from "./modules/tax/tax.nodes";
import { webhookNodeSources } from "./modules/webhook/webhook.nodes";

/**
 * Every type `node(id)` can answer, by the domain that owns it. A test fails when a type
 * implementing Node has no source here.
 */
export const nodeDirectory = new NodeDirectory([
  ...accountNodeSources,
  ...catalogNodeSources,
  ...reviewNodeSources,
  ...cartNodeSources,
  ...orderNodeSources,
  ...discountNodeSources,
  ...shippingNodeSources,
  ...taxNodeSources,
  ...webhookNodeSources,
  ...apiClientNodeSources,
  ...auditNodeSources,
]);
