import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { registerErrorHandler } from "../http/error-handler";

async function errorHandler(http: FastifyInstance): Promise<void> {
  registerErrorHandler(http);
}

/**
 * The JSON error answer of every non-GraphQL route. Registered first, and a dependency of
 * every plugin that adds routes: a route, and a scope such as the webhooks', keeps the
 * error handler that was set when it was registered, so one added before this one would
 * answer with Fastify's default (which shows the error's message).
 */
export const errorHandlerPlugin = fp(errorHandler, { name: "bazaar-error-handler", fastify: "5.x" });
