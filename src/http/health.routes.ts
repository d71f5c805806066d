import type { FastifyInstance } from "fastify";
import type { PrismaClient } from "../db/prisma-client";

/** A readiness probe must answer quickly even when the database hangs. */
const readinessTimeoutMs = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * `/healthz`: the process is up (liveness). `/readyz`: the database answers and the job
 * queue is started (`jobs: "up"`: this node can enqueue, and on a worker runs jobs), so traffic
 * may be sent here (readiness); 503 otherwise. With a shared Redis its state is reported
 * too (`redis: "up" | "down"`) but does not decide readiness: without it the node still
 * serves, on budgets of its own.
 */
export function registerHealthRoutes(
  http: FastifyInstance,
  prisma: PrismaClient,
  jobs: { readonly isUp: boolean },
  redis?: { readonly isUp: boolean },
): void {
  const redisState = () => (redis ? { redis: redis.isUp ? "up" : "down" } : {});
  http.get("/healthz", async () => ({ status: "ok" }));
  http.get("/readyz", async (request, reply) => {
    const jobsState = jobs.isUp ? "up" : "down";
    try {
      await withTimeout(prisma.$queryRaw`SELECT 1`, readinessTimeoutMs);
    } catch (error) {
      request.log.warn({ err: error }, "readiness check failed: database does not answer");
      return reply
        .code(503)
        .send({ status: "unavailable", database: "down", jobs: jobsState, ...redisState() });
    }
    const body = { database: "up", jobs: jobsState, ...redisState() };
    return jobs.isUp ? { status: "ok", ...body } : reply.code(503).send({ status: "unavailable", ...body });
  });
}
