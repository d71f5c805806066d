import type { FastifyInstance } from "fastify";
import { RequestContext } from "../../common/request-context";
import { WebhookRejectedError } from "./payment-gateway";
import { PaymentNotYetKnownError, type PaymentWebhookService } from "./payment-webhook.service";

/**
 * `POST /webhooks/payments/:gateway`. The signature covers the exact bytes sent, so this
 * route keeps the raw body instead of letting Fastify parse it. Answers: 200 processed or
 * already seen; 400 forged, stale or malformed (the sender must not retry); 503 when the
 * payment is not recorded yet (the sender retries later).
 */
export async function registerWebhookRoutes(
  http: FastifyInstance,
  webhooks: PaymentWebhookService,
): Promise<void> {
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { gateway: string } }>("/webhooks/payments/:gateway", async (request, reply) => {
      const gateway = webhooks.gateway(request.params.gateway);
      if (!gateway) return reply.code(404).send({ error: "unknown gateway" });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const event = gateway.verifyWebhook(body, request.headers);
        // A gateway is not a viewer: Bazaar applies its signed word itself.
        const ctx = RequestContext.system(`payment-webhook:${gateway.name}`, String(request.id));
        const outcome = await webhooks.handle(ctx, gateway, event);
        return { received: true, outcome };
      } catch (error) {
        if (error instanceof WebhookRejectedError) {
          request.log.warn({ reason: error.message }, "webhook rejected");
          return reply.code(400).send({ error: error.message });
        }
        if (error instanceof PaymentNotYetKnownError) return reply.code(503).send({ error: "retry later" });
        throw error;
      }
    });
  });
}
