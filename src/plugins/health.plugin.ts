import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { PrismaClient } from "../db/prisma-client";
import { registerHealthRoutes } from "../http/health.routes";

export interface HealthOptions {
  prisma: PrismaClient;
}

async function health(http: FastifyInstance, { prisma }: HealthOptions): Promise<void> {
  registerHealthRoutes(http, prisma);
}

/** `/healthz` and `/readyz` (src/http/health.routes.ts); after the error handler (see that plugin). */
export const healthPlugin = fp(health, {
  name: "bazaar-health",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
