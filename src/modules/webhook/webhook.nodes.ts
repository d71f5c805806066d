import type { NodeSource } from "../../graphql/node-directory";
import { canSeeWebhooks } from "./webhook.policy";
import { WebhookDeliveryType, WebhookEndpointType } from "./webhook.type";

/** Endpoints and deliveries answer `node(id)` to ADMIN only; to anyone else they do not exist. */
export const webhookNodeSources: NodeSource[] = [
  {
    typeName: "WebhookEndpoint",
    async load(ctx, key) {
      if (!canSeeWebhooks(ctx.request.viewer)) return null;
      const row = await ctx.services.webhookEndpoints.findEndpointRow(ctx.request, key);
      return row && WebhookEndpointType.from(row);
    },
  },
  {
    typeName: "WebhookDelivery",
    async load(ctx, key) {
      if (!canSeeWebhooks(ctx.request.viewer)) return null;
      const row = await ctx.services.webhookEndpoints.findDeliveryRow(ctx.request, key);
      return row && WebhookDeliveryType.from(row);
    },
  },
];
