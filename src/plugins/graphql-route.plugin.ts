import type { ApolloServer } from "@apollo/server";
import { fastifyApolloHandler } from "@as-integrations/fastify";
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
}

async function graphqlRoute(
  http: FastifyInstance,
  { apollo, createContext, tracer }: GraphQLRouteOptions,
): Promise<void> {
  await apollo.start();
  const handler = fastifyApolloHandler(apollo, { context: (request) => createContext(request) });
  http.route({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    handler: tracer ? inOperationSpan(tracer, handler) : handler,
  });
  // Fastify owns shutdown: `close()` stops accepting and lets requests in flight finish
  // before any onClose hook runs. (Apollo's Fastify drain plugin would call `close()` again.)
  http.addHook("onClose", async () => {
    await apollo.stop();
  });
}

/**
 * `/graphql`, served by Apollo.
 * - After the error handler (see that plugin).
 * - With the refusal penalty, which guards this route by its URL. A dependency of
 *   presence, not of order: Fastify gives a route every hook of its instance, whenever added.
 */
export const graphqlRoutePlugin = fp(graphqlRoute, {
  name: "bazaar-graphql",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler", "bazaar-refusal-penalty"],
});
