import { createPubSub, SlidingBuffer, type PubSub, type PubSubEventTarget } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/** What changed, by database key: subscribers reload the entity themselves, as their viewer. */
export interface OrderChange {
  orderKey: string;
}

export interface ProductChange {
  productKey: string;
}

/** Topic → [id a subscriber listens on, payload]. */
export type ChangeTopics = {
  "order-updated": [orderKey: string, change: OrderChange];
  "product-updated": [productKey: string, change: ProductChange];
};

export type ChangePubSub = PubSub<ChangeTopics>;

/**
 * Notifications a subscriber has not consumed yet: each one only says "reload", so when a
 * slow subscriber falls this far behind the oldest are dropped rather than piling up.
 */
const bufferedPerSubscriber = 16;

export interface ChangeBus {
  pubSub: ChangePubSub;
  /** Ends the Redis connections (none in-process). */
  close(): Promise<void>;
}

/** One process: events reach the subscribers of this node only. */
export function inProcessChangeBus(): ChangeBus {
  return {
    pubSub: createPubSub<ChangeTopics>({ repeaterBuffer: new SlidingBuffer(bufferedPerSubscriber) }),
    close: async () => undefined,
  };
}

/**
 * Every node's subscribers hear every node's changes, through Redis channels named
 * `<keyPrefix><topic>:<id>`. Subscribing needs a connection of its own (a subscribed Redis
 * connection takes no other commands); it queues SUBSCRIBEs while Redis is away and
 * re-subscribes after a reconnection. A publish that Redis does not take is logged and
 * lost: it only ever said "reload", and the next change says it again.
 */
export function redisChangeBus(url: string, keyPrefix: string, logger: Logger): ChangeBus {
  const publisher = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
  });
  // `null`: commands wait for the connection instead of failing (the library does not await them).
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  for (const [role, client] of [
    ["publish", publisher],
    ["subscribe", subscriber],
  ] as const) {
    // Reported by the shared RedisConnection already; without a listener ioredis prints each one.
    client.on("error", (error: Error) => logger.debug({ err: error, role }, "change events: Redis error"));
  }
  const channels = createRedisEventTarget<CustomEvent>({
    publishClient: publisher,
    subscribeClient: subscriber,
  });
  const eventTarget: PubSubEventTarget<ChangeTopics> = {
    addEventListener: (topic, listener) => channels.addEventListener(keyPrefix + topic, listener),
    removeEventListener: (topic, listener) => channels.removeEventListener(keyPrefix + topic, listener),
    dispatchEvent(event) {
      publisher
        .publish(keyPrefix + event.type, JSON.stringify(event.detail))
        .catch((error: unknown) =>
          logger.warn({ err: error, topic: event.type }, "change event not published"),
        );
      return true;
    },
  };
  return {
    pubSub: createPubSub<ChangeTopics>({
      eventTarget,
      repeaterBuffer: new SlidingBuffer(bufferedPerSubscriber),
    }),
    async close() {
      await Promise.all(
        [publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}
