import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { registerMetricsRoute, type Metrics } from "../http/metrics";

export interface MetricsOptions {
  /** The same registry the GraphQL observability plugin records into. */
  metrics: Metrics;
}

async function metricsRoute(http: FastifyInstance, { metrics }: MetricsOptions): Promise<void> {
  registerMetricsRoute(http, metrics);
}

/** `GET /metrics` (src/http/metrics.ts); after the error handler (see that plugin). */
export const metricsPlugin = fp(metricsRoute, {
  name: "bazaar-metrics",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
