import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { PaymentWebhookService } from "../modules/payment/payment-webhook.service";
import { registerWebhookRoutes } from "../modules/payment/webhook.routes";

export interface WebhooksOptions {
  webhooks: PaymentWebhookService;
}

async function webhooks(http: FastifyInstance, options: WebhooksOptions): Promise<void> {
  await registerWebhookRoutes(http, options.webhooks);
}

/**
 * `POST /webhooks/payments/:gateway` (src/modules/payment/webhook.routes.ts). Its routes
 * live in a scope of their own (to keep the raw body); a scope takes a copy of its
 * parent's hooks when it is created, and its routes keep the error handler set when they
 * are registered. The plugins that add them must come first, or webhook answers would go
 * without the security headers, the request id, or the JSON error answer.
 */
export const webhooksPlugin = fp(webhooks, {
  name: "bazaar-webhooks",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler", "bazaar-browser-security", "bazaar-response-headers"],
});
