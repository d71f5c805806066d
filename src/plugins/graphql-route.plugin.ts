import type { ApolloServer } from "@apollo/server";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import type { WebsocketHandler } from "@fastify/websocket";
import type { Tracer } from "@opentelemetry/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Context } from "../context";
import { inOperationSpan } from "../observability/graphql-spans";

export interface GraphQLRouteOptions {
  /** Not started yet: this plugin starts it, and stops it on close. */
  apollo: ApolloServer<Context>;
  createContext(request: FastifyRequest): Promise<Context>;
  /** Runs each operation in a span of its own (src/observability/graphql-spans.ts); absent: none. */
  tracer?: Tracer | undefined;
  /** graphql-ws subscriptions: WebSocket upgrades of GET /graphql. */
  subscriptions: WebsocketHandler;
}

async function graphqlRoute(
  http: FastifyInstance,
  { apollo, createContext, tracer, subscriptions }: GraphQLRouteOptions,
): Promise<void> {
  await apollo.start();
  const apolloHandler = fastifyApolloHandler(apollo, { context: (request) => createContext(request) });
  const handler = tracer ? inOperationSpan(tracer, apolloHandler) : apolloHandler;
  http.route({ url: "/graphql", method: ["POST", "OPTIONS"], handler });
  // The same path: a GET that asks to upgrade is a subscription socket, any other is HTTP.
  http.route({ url: "/graphql", method: "GET", handler, wsHandler: subscriptions });
  // Fastify owns shutdown: `close()` stops accepting and lets requests in flight finish
  // before any onClose hook runs. (Apollo's Fastify drain plugin would call `close()` again.)
  http.addHook("onClose", async () => {
    await apollo.stop();
  });
}

/**
 * `/graphql`, served by Apollo over HTTP and by graphql-ws over WebSocket.
 * - After the error handler (see that plugin).
 * - After the subscriptions plugin, which handles WebSocket upgrades.
 * - With the refusal penalty, which guards this route by its URL. A dependency of
 *   presence, not of order: Fastify gives a route every hook of its instance, whenever added.
 */
export const graphqlRoutePlugin = fp(graphqlRoute, {
  name: "bazaar-graphql",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler", "bazaar-refusal-penalty", "bazaar-subscriptions"],
});
