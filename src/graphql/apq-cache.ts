import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import { ErrorsAreMissesCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import KeyvRedis from "@keyv/redis";
import { Keyv } from "keyv";
import type { Logger } from "pino";

/** How long a Redis command may take before the lookup counts as a miss. */
const commandTimeoutMs = 200;

export interface SharedApqCache {
  cache: KeyValueCache<string>;
  close(): Promise<void>;
}

/**
 * Automatic persisted queries shared by every node: a hash registered through one node is
 * served by all of them (Apollo's KeyvAdapter over Keyv's Redis store). A Redis that is down
 * or slow makes a lookup a miss, never a failed request: the client then sends the query
 * text again, as the APQ protocol has it. Commands fail at once while disconnected (no
 * offline queue), so no request waits for a reconnection.
 */
export function sharedApqCache(redisUrl: string, keyPrefix: string, logger: Logger): SharedApqCache {
  const store = new KeyvRedis(
    {
      url: redisUrl,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2_000,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
      },
    },
    {
      namespace: `${keyPrefix}apq`,
      throwOnConnectError: false,
      throwOnErrors: true,
      connectionTimeout: commandTimeoutMs,
    },
  );
  const keyv = new Keyv<string>({ store, namespace: `${keyPrefix}apq`, useKeyPrefix: false });
  // Keyv and the client report failures as events: unheard, an `error` event ends the process.
  keyv.on("error", log);
  store.on("error", log);
  // Connect now, in the background: otherwise the first lookup pays for the connection and,
  // past the command timeout, is a miss. Unreachable: the client keeps retrying by itself.
  store.getClient().catch(log);
  // Failures are debug lines: the cost budget's connection logs Redis going down once.
  const quiet = { debug: log, info: log, warn: log, error: log };
  function log(message: unknown): void {
    logger.debug({ err: message }, "APQ cache unavailable: treated as a miss");
  }
  return { cache: new StoresMayFail(new KeyvAdapter(keyv), quiet), close: () => keyv.disconnect() };
}

/**
 * A lookup that fails is a miss (ErrorsAreMissesCache), and so is a registration that fails:
 * the hash is simply not remembered, and the client will send its query text again.
 */
class StoresMayFail extends ErrorsAreMissesCache<string> {
  override async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await super.set(key, value, options).catch(() => undefined);
  }
}
