import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { registerExplorerRoutes } from "../http/explorer.routes";

async function explorer(http: FastifyInstance): Promise<void> {
  registerExplorerRoutes(http);
}

/**
 * The offline GraphiQL at `/graphiql` (src/http/explorer.routes.ts); after the error
 * handler (see that plugin). Its own CSP replaces the shared one whatever the order:
 * a route's `onSend` hooks run after its instance's.
 */
export const explorerPlugin = fp(explorer, {
  name: "bazaar-explorer",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
