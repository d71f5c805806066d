import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { RedisConnection } from "../redis/redis-connection";

export interface RedisOptions {
  redis: RedisConnection;
}

async function redisLifecycle(http: FastifyInstance, { redis }: RedisOptions): Promise<void> {
  http.addHook("onClose", async () => {
    await redis.close();
  });
}

/**
 * Closes the shared Redis connection on shutdown. Registered before the plugins that charge
 * budgets: onClose hooks run in reverse order, so Redis closes after the requests in flight
 * and Apollo are done with it.
 */
export const redisPlugin = fp(redisLifecycle, { name: "bazaar-redis", fastify: "5.x" });
