import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * A Redis that does not answer within this long is treated as down: a request falls back to
 * the in-process budget instead of waiting on it.
 */
const commandTimeoutMs = 500;

/**
 * The client for the Redis that nodes share, and whether it answers. Commands fail at once
 * while it is unreachable (no offline queue) so that callers can fall back, and ioredis keeps
 * reconnecting in the background (every 2 s at most). Each change between up and down is
 * logged once, not per request.
 */
export class RedisConnection {
  readonly client: Redis;
  private readonly subscribers: Redis[] = [];
  private up = false;
  private reported: boolean | undefined;
  private closing = false;

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: 2_000,
    });
    this.client.on("ready", () => this.markUp());
    // Without an `error` listener ioredis prints every failed reconnection to stderr.
    this.client.on("error", (error: Error) => this.markDown(error));
    this.client.on("close", () => this.markDown());
  }

  /**
   * A connection of its own for SUBSCRIBE (a subscribed connection runs no other command),
   * with the same settings, closed with this one. It does not resubscribe by itself: its
   * owner subscribes on each `ready`, so that it knows when it is listening again.
   */
  subscriber(): Redis {
    const subscriber = this.client.duplicate({ autoResubscribe: false });
    // Its outages are the shared Redis's, which the main connection reports.
    subscriber.on("error", () => undefined);
    this.subscribers.push(subscriber);
    return subscriber;
  }

  get isUp(): boolean {
    return this.up;
  }

  /** A command succeeded (or the connection became ready). */
  markUp(): void {
    this.transition(true);
  }

  /** A command failed or timed out, or the connection dropped. */
  markDown(error?: unknown): void {
    this.transition(false, error);
  }

  private transition(up: boolean, error?: unknown): void {
    this.up = up;
    if (this.closing || this.reported === up) return;
    this.reported = up;
    if (up) this.logger.info("Redis is up: query-cost budgets are shared by every node");
    else
      this.logger.warn(
        { err: error },
        "Redis is down: query-cost budgets fall back to this node's memory until it answers again",
      );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.client, ...this.subscribers].map(quit));
  }
}

async function quit(connection: Redis): Promise<void> {
  if (connection.status === "ready") {
    try {
      await connection.quit();
      return;
    } catch {
      // Redis went away while quitting: nothing left to say goodbye to.
    }
  }
  connection.disconnect();
}
