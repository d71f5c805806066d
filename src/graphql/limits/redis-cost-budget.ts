import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RedisConnection } from "../../redis/redis-connection";
import type { Charge, ClientCostBudget, CostBudget, CostBudgetSettings } from "./cost-budget";
import { DrainedClients } from "./drained-clients";

export interface RedisCostBudgetOptions {
  settings: CostBudgetSettings;
  redis: RedisConnection;
  /** Prepended to each client's key (`<keyPrefix>:<client>`), e.g. `bazaar:cost-budget`. */
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
 * how it differs from the in-process leaky bucket). A request the budget pays for costs one
 * round trip: its charge. The on-arrival check (`emptyFor`) is answered from the drained
 * budgets every node hears of (`DrainedClients`), and asks Redis only while that is not
 * known to be complete. When Redis fails or times out, the request is served by this node's
 * in-process budget instead (each node then grants a full budget of its own), and Redis is
 * tried again on the next request.
 */
export class RedisCostBudget implements ClientCostBudget {
  private readonly limiter: RateLimiterRedis;
  private readonly drainedClients: DrainedClients;
  /** Penalties Redis has not answered yet: the client's next arrival waits for them. */
  private readonly penalties = new Map<string, Promise<void>>();

  constructor(private readonly options: RedisCostBudgetOptions) {
    const prefix = options.keyPrefix;
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis.client,
      keyPrefix: prefix,
      points: options.settings.capacity,
      duration: windowSeconds(options.settings),
      rejectIfRedisNotReady: true,
    });
    this.drainedClients = new DrainedClients(
      options.redis.client,
      options.redis.subscriber(),
      `${prefix}:drained`,
      windowSeconds(options.settings) * 1000,
    );
  }

  get settings(): CostBudgetSettings {
    return this.options.settings;
  }

  charge(client: string, cost: number): Promise<Charge> {
    return this.sharedOrLocal(
      async () => {
        const askedAt = Date.now();
        try {
          const result = await this.limiter.consume(client, cost);
          if (result.remainingPoints < 1)
            await this.drainedClients.drained(client, result.msBeforeNext, askedAt);
          return { allowed: true, remaining: result.remainingPoints, retryAfterSeconds: 0 };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          // consume() counts the points it refuses; giving them back keeps a refused request
          // free, as in-process. (Should the window end in between, the next one starts `cost`
          // points richer: a rare, bounded gift.)
          await this.limiter.reward(client, cost);
          const remaining = Math.max(0, this.settings.capacity - (rejection.consumedPoints - cost));
          if (remaining < 1) await this.drainedClients.drained(client, rejection.msBeforeNext, askedAt);
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
    const penalty = this.sharedOrLocal(
      async () => {
        const askedAt = Date.now();
        const result = await this.limiter.penalty(client, points);
        if (result.remainingPoints < 1)
          await this.drainedClients.drained(client, result.msBeforeNext, askedAt);
      },
      () => this.options.fallback.penalize(client, points),
    );
    this.penalties.set(client, penalty);
    return penalty.finally(() => {
      if (this.penalties.get(client) === penalty) this.penalties.delete(client);
    });
  }

  emptyFor(client: string): number | Promise<number> {
    // The response that earned the penalty is sent before the penalty is charged: a client
    // quick to send again must still find its budget as that penalty left it.
    const penalty = this.penalties.get(client);
    if (penalty) return penalty.then(() => this.emptyFor(client));
    const known = this.options.redis.isUp ? this.drainedClients.emptyFor(client) : undefined;
    if (known !== undefined) return known;
    return this.sharedOrLocal(
      async () => {
        const askedAt = Date.now();
        const state = await this.limiter.get(client);
        if (!state || state.remainingPoints >= 1) return 0;
        this.drainedClients.heardOf(client, state.msBeforeNext, askedAt);
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
