/**
 * A seeded pseudo-random source, so the demo shop is the same shop on every run: tests,
 * screenshots and the README can name its products, and a bug report on the demo data
 * reproduces. Not for anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in a random order (all of them when `count` exceeds the list). */
  sample<T>(items: readonly T[], count: number): T[];
  /** An index into `weights`, each chosen in proportion to its weight. */
  weighted(weights: readonly number[]): number;
  /**
   * A v4-shaped UUID. Explicit ids let every row of the demo shop reference another before
   * either is written, so each table is one batched insert with no read-backs.
   */
  uuid(): string;
}

/** mulberry32: tiny, fast and good enough to make data look unplanned. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const word = (): number => Math.floor(next() * 4_294_967_296);

  const random: Random = {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error("cannot pick from an empty list");
      return item;
    },
    sample<T>(items: readonly T[], count: number): T[] {
      const pool = [...items];
      // A partial Fisher–Yates shuffle: only the first `count` places are settled.
      const take = Math.min(count, pool.length);
      for (let i = 0; i < take; i++) {
        const j = int(i, pool.length - 1);
        const chosen = pool[j] as T;
        pool[j] = pool[i] as T;
        pool[i] = chosen;
      }
      return pool.slice(0, take);
    },
    weighted(weights: readonly number[]): number {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let target = next() * total;
      for (const [index, weight] of weights.entries()) {
        target -= weight;
        if (target < 0) return index;
      }
      return weights.length - 1;
    },
    uuid(): string {
      const hex = hex32(word()) + hex32(word()) + hex32(word()) + hex32(word());
      // Version 4 in the 13th digit, RFC 4122 variant (8–b) in the 17th.
      const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
  return random;
}
