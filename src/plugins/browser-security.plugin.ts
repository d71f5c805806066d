import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { registerBrowserSecurity } from "../http/browser-security";

export interface BrowserSecurityOptions {
  corsOrigins: string[];
  hsts: boolean;
}

async function browserSecurity(http: FastifyInstance, options: BrowserSecurityOptions): Promise<void> {
  await registerBrowserSecurity(http, options);
}

/**
 * CORS and the security headers (src/http/browser-security.ts).
 * - After the error handler: CORS adds a route (`OPTIONS *`, for preflights).
 * - After the refusal penalty: Fastify runs `onRequest` hooks in the order they were
 *   added, and a client whose budget is empty must be refused before any other work.
 */
export const browserSecurityPlugin = fp(browserSecurity, {
  name: "bazaar-browser-security",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler", "bazaar-refusal-penalty"],
});
