import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { PrismaClient } from "../db/prisma-client";
import { registerHealthRoutes } from "../http/health.routes";
import type { JobQueue } from "../jobs/job-queue";
import type { RedisConnection } from "../redis/redis-connection";

export interface HealthOptions {
  prisma: PrismaClient;
  /** /readyz reports whether it is started. */
  jobs: JobQueue;
  /** The shared Redis, when configured: /readyz reports its state. */
  redis?: RedisConnection;
}

async function health(http: FastifyInstance, { prisma, jobs, redis }: HealthOptions): Promise<void> {
  registerHealthRoutes(http, prisma, jobs, redis);
}

/** `/healthz` and `/readyz` (src/http/health.routes.ts); after the error handler (see that plugin). */
export const healthPlugin = fp(health, {
  name: "bazaar-health",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
