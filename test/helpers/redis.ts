import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { TestApp } from "./test-app";

/** The machine's Redis on its standard port; `.ci/run` starts it when down. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix of its own per test file and run: parallel runs never share a bucket. */
export function uniqueKeyPrefix(): string {
  return `bazaar-test:${randomUUID()}:`;
}

/** Fails (never skips) when the test Redis does not answer, saying how to fix it. */
export async function requireRedis(): Promise<void> {
  const client = new Redis(testRedisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need a real Redis at ${testRedisUrl} (set TEST_REDIS_URL, or start the machine's: see .ci/run): ${String(error)}`,
    );
  } finally {
    client.disconnect();
  }
}

/** Deletes every key a test wrote under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 0 });
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

/** The app connects to Redis in the background: waits until /readyz reports `state`. */
export async function waitForRedis(t: TestApp, state: "up" | "down", timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await fetch(`${t.baseUrl}/readyz`)).json()) as { redis?: string };
    if (body.redis === state) return;
    if (Date.now() > deadline)
      throw new Error(
        `/readyz still says redis: ${String(body.redis)} after ${timeoutMs} ms (waiting for "${state}")`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What Redis runs, as its MONITOR feed reports it (commands a Lua script runs left out). */
export interface CommandLog {
  /** Each command naming something under the log's prefix, since it started or was cleared. */
  readonly commands: string[][];
  clear(): void;
  /**
   * Resolves once Redis has run a command this log sends now: what the app sent before has
   * been run (and logged) by then, as Redis runs commands in the order they arrive.
   */
  settled(): Promise<void>;
  close(): void;
}

/** Starts logging every command that names a key or channel under `prefix`, or carries it. */
export async function logCommands(prefix: string): Promise<CommandLog> {
  const sender = new Redis(testRedisUrl, { maxRetriesPerRequest: 0 });
  const monitor = await sender.monitor();
  const commands: string[][] = [];
  const markers = new Map<string, () => void>();
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source === "lua" || !args.some((arg) => arg.includes(prefix))) return;
    const marker = markers.get(args[1] ?? "");
    if (marker) return marker();
    commands.push(args);
  });
  let settledCount = 0;
  return {
    commands,
    clear: () => void commands.splice(0),
    async settled() {
      const marker = `${prefix}settled:${++settledCount}`;
      const seen = new Promise<void>((resolve) => markers.set(marker, resolve));
      await sender.exists(marker);
      await seen;
      markers.delete(marker);
    },
    close() {
      monitor.disconnect();
      sender.disconnect();
    },
  };
}

/** How many connections are subscribed to `channel` (PUBSUB NUMSUB). */
export async function subscribersOf(channel: string): Promise<number> {
  const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 0 });
  try {
    const [, count] = (await client.pubsub("NUMSUB", channel)) as [string, number];
    return count;
  } finally {
    client.disconnect();
  }
}
