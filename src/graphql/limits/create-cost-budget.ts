import type { Config } from "../../config";
import type { RedisConnection } from "../../redis/redis-connection";
import { CostBudget, type ClientCostBudget } from "./cost-budget";
import { RedisCostBudget } from "./redis-cost-budget";

/** The budget store for this node: in Redis when one is configured (shared), else in memory. */
export function createCostBudget(
  config: Config,
  redis: RedisConnection | undefined,
  onFallback: () => void,
): ClientCostBudget {
  const settings = { capacity: config.limits.costBudget, restoreRate: config.limits.costRestoreRate };
  const local = new CostBudget(settings);
  if (!redis) return local;
  return new RedisCostBudget({
    settings,
    redis,
    keyPrefix: config.redisKeyPrefix,
    fallback: local,
    onFallback,
  });
}
