import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/** Headers that tell browsers to treat non-GraphQL answers as inert data. */
const securityHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

/**
 * CORS for the configured origins only (none: browsers on other sites cannot call the API;
 * server-side clients are unaffected), and security headers on the routes that are not
 * GraphQL (health, metrics, webhooks). `/graphql` is left without a CSP because the
 * development landing page (Apollo Sandbox) loads scripts; Apollo's CSRF prevention
 * guards it instead.
 */
export async function registerBrowserSecurity(
  http: FastifyInstance,
  options: { corsOrigins: string[]; hsts: boolean },
): Promise<void> {
  await http.register(cors, {
    origin: options.corsOrigins.length > 0 ? options.corsOrigins : false,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: [
      "content-type",
      "authorization",
      "apollo-require-preflight",
      "x-apollo-operation-name",
      "x-request-id",
    ],
    maxAge: 600,
  });
  http.addHook("onSend", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    if (options.hsts) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    if (request.url.startsWith("/graphql")) return;
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
  });
}
