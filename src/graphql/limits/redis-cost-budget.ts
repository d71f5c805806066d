import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RedisConnection } from "../../redis/redis-connection";
import type { Charge, ClientCostBudget, CostBudget, CostBudgetSettings } from "./cost-budget";

export interface RedisCostBudgetOptions {
  settings: CostBudgetSettings;
  redis: RedisConnection;
  /** Prepended to each client's key (`<prefix>cost-budget:<client>`). */
  keyPrefix: string;
  /** Serves while Redis does not answer. */
  fallback: CostBudget;
  /** Called for each charge, penalty or check the fallback served. */
  onFallback: () => void;
}

/**
 * rate-limiter-flexible (11.x) has no token bucket, so this is a fixed window: `capacity`
 * points per window of `capacity / restoreRate` seconds (rounded up, at least 1 s: Redis
 * expiries are whole seconds). The long-run rate is the same `restoreRate` (never more), but
 * - points come back all at once when the window ends, not continuously: `retryAfterSeconds`
 *   is the time to the window's end, which can be longer than the in-process bucket's
 *   `(cost − level) / restoreRate`;
 * - a client can spend up to 2 × capacity across a window boundary.
 */
export function windowSeconds({ capacity, restoreRate }: CostBudgetSettings): number {
  return Math.max(1, Math.ceil(capacity / restoreRate));
}

/**
 * The per-client query-cost budget in Redis, shared by every node (see `windowSeconds` for
 * how it differs from the in-process leaky bucket). When Redis fails or times out, the
 * request is served by this node's in-process budget instead (each node then grants a full
 * budget of its own), and Redis is tried again on the next request.
 */
export class RedisCostBudget implements ClientCostBudget {
  private readonly limiter: RateLimiterRedis;

  constructor(private readonly options: RedisCostBudgetOptions) {
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis.client,
      keyPrefix: `${options.keyPrefix}cost-budget`,
      points: options.settings.capacity,
      duration: windowSeconds(options.settings),
      rejectIfRedisNotReady: true,
    });
  }

  get settings(): CostBudgetSettings {
    return this.options.settings;
  }

  charge(client: string, cost: number): Promise<Charge> {
    return this.sharedOrLocal(
      async () => {
        try {
          const result = await this.limiter.consume(client, cost);
          return { allowed: true, remaining: result.remainingPoints, retryAfterSeconds: 0 };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          // consume() counts the points it refuses; giving them back keeps a refused request
          // free, as in-process. (Should the window end in between, the next one starts `cost`
          // points richer: a rare, bounded gift.)
          await this.limiter.reward(client, cost);
          const remaining = Math.max(0, this.settings.capacity - (rejection.consumedPoints - cost));
          return {
            allowed: false,
            remaining,
            retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          };
        }
      },
      () => this.options.fallback.charge(client, cost),
    );
  }

  penalize(client: string, points: number): Promise<void> {
    // Past the capacity only the current window is empty: the overdraft ends with it.
    return this.sharedOrLocal(
      async () => void (await this.limiter.penalty(client, points)),
      () => this.options.fallback.penalize(client, points),
    );
  }

  emptyFor(client: string): Promise<number> {
    return this.sharedOrLocal(
      async () => {
        const state = await this.limiter.get(client);
        if (!state || state.remainingPoints >= 1) return 0;
        return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      },
      () => this.options.fallback.emptyFor(client),
    );
  }

  private async sharedOrLocal<T>(shared: () => Promise<T>, local: () => T): Promise<T> {
    let result: T;
    try {
      result = await shared();
    } catch (error) {
      this.options.redis.markDown(error);
      this.options.onFallback();
      return local();
    }
    this.options.redis.markUp();
    return result;
  }
}
