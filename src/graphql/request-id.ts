import type { Context } from "../context";

/**
 * The id Fastify gave the request (its `x-request-id`), as the GraphQL context carries it:
 * the one place that knows where, so a change of the context's shape is a change here.
 */
export function requestIdOf(context: Context): string {
  return context.request.requestId;
}
