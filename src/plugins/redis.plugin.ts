import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { SharedApqCache } from "../graphql/apq-cache";
import type { RedisConnection } from "../redis/redis-connection";

export interface RedisOptions {
  redis: RedisConnection;
  /** The persisted-query cache's own connection (Keyv's Redis store). */
  apqCache: SharedApqCache;
}

async function redisLifecycle(http: FastifyInstance, { redis, apqCache }: RedisOptions): Promise<void> {
  http.addHook("onClose", async () => {
    await Promise.all([redis.close(), apqCache.close()]);
  });
}

/**
 * Closes the shared Redis connections on shutdown. Registered before the plugins that charge
 * budgets: onClose hooks run in reverse order, so Redis closes after the requests in flight
 * and Apollo are done with it.
 */
export const redisPlugin = fp(redisLifecycle, { name: "bazaar-redis", fastify: "5.x" });
