import type { Config } from "../../config";
import type { RedisConnection } from "../../redis/redis-connection";
import { CostBudget, type ClientCostBudget, type CostBudgetSettings } from "./cost-budget";
import { RedisCostBudget } from "./redis-cost-budget";

/**
 * A node's two budget stores: shoppers' (a user, an IP, a buyer an API client names), and
 * API clients' own, which are bigger (`BAZAAR_CLIENT_COST_*`). Apart because each store has
 * one size for all its buckets.
 */
export interface CostBudgets {
  shopper: ClientCostBudget;
  apiClient: ClientCostBudget;
}

/** A budget store: in Redis under `<prefix><name>:` when one is configured (shared), else in memory. */
function createCostBudget(
  settings: CostBudgetSettings,
  name: string,
  config: Config,
  redis: RedisConnection | undefined,
  onFallback: () => void,
): ClientCostBudget {
  const local = new CostBudget(settings);
  if (!redis) return local;
  return new RedisCostBudget({
    settings,
    redis,
    keyPrefix: `${config.redisKeyPrefix}${name}`,
    fallback: local,
    onFallback,
  });
}

export function createCostBudgets(
  config: Config,
  redis: RedisConnection | undefined,
  onFallback: () => void,
): CostBudgets {
  const { limits } = config;
  return {
    shopper: createCostBudget(
      { capacity: limits.costBudget, restoreRate: limits.costRestoreRate },
      "cost-budget",
      config,
      redis,
      onFallback,
    ),
    apiClient: createCostBudget(
      { capacity: limits.clientCostBudget, restoreRate: limits.clientCostRestoreRate },
      "client-cost-budget",
      config,
      redis,
      onFallback,
    ),
  };
}
