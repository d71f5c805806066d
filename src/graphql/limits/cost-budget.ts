export interface CostBudgetSettings {
  /** Points a client can spend at once (a full bucket). */
  capacity: number;
  /** Points that flow back into each bucket per second. */
  restoreRate: number;
}

export interface Charge {
  allowed: boolean;
  /** Points left after this request (or, when refused, now). */
  remaining: number;
  /** When refused: seconds until the bucket holds enough for the request. */
  retryAfterSeconds: number;
}

/**
 * What the cost limiter and the refusal penalty need from a budget store: the in-process
 * `CostBudget` below (answers at once), or `RedisCostBudget` (shared by every node).
 */
export interface ClientCostBudget {
  readonly settings: CostBudgetSettings;
  /** Spends `cost` points if the client has them; a refused request spends nothing. */
  charge(client: string, cost: number): Charge | Promise<Charge>;
  /** Takes `points` whatever is left, down to empty (the price of a refused request). */
  penalize(client: string, points: number): void | Promise<void>;
  /** Seconds until the client's budget holds a point again; 0 when it has one now. */
  emptyFor(client: string): number | Promise<number>;
}

interface Bucket {
  points: number;
  updatedAt: number;
}

/** Buckets that refilled completely carry no information and are dropped at this size. */
const pruneAbove = 10_000;

/**
 * A leaky bucket of query-cost points per client (as Shopify's Admin API meters clients):
 * each request spends its cost, points flow back at `restoreRate`, a request the bucket
 * cannot pay for is refused until it can. Kept in memory: a limit per instance.
 */
export class CostBudget implements ClientCostBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly settings: CostBudgetSettings) {}

  private level(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.settings.capacity;
    return Math.min(
      this.settings.capacity,
      bucket.points + ((now - bucket.updatedAt) / 1000) * this.settings.restoreRate,
    );
  }

  charge(client: string, cost: number, now = Date.now()): Charge {
    const available = this.level(this.buckets.get(client), now);
    if (cost > available) {
      return {
        allowed: false,
        remaining: Math.floor(available),
        retryAfterSeconds: Math.ceil((cost - available) / this.settings.restoreRate),
      };
    }
    this.buckets.set(client, { points: available - cost, updatedAt: now });
    if (this.buckets.size > pruneAbove) this.prune(now);
    return { allowed: true, remaining: Math.floor(available - cost), retryAfterSeconds: 0 };
  }

  /**
   * Takes `points` whatever is left (down to empty): the price of a refused request, so a
   * client that keeps sending them runs dry and is then refused before it costs anything.
   */
  penalize(client: string, points: number, now = Date.now()): void {
    const available = this.level(this.buckets.get(client), now);
    this.buckets.set(client, { points: Math.max(0, available - points), updatedAt: now });
    if (this.buckets.size > pruneAbove) this.prune(now);
  }

  /** Seconds until the client's bucket holds a point again; 0 when it has one now. */
  emptyFor(client: string, now = Date.now()): number {
    const available = this.level(this.buckets.get(client), now);
    return available >= 1 ? 0 : Math.max(1, Math.ceil((1 - available) / this.settings.restoreRate));
  }

  private prune(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (this.level(bucket, now) >= this.settings.capacity) this.buckets.delete(client);
    }
  }
}
