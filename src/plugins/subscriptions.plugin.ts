import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ChangeBus } from "../events/change-pubsub";
import type { SocketRegistry } from "../graphql/subscriptions/socket-registry";

export interface SubscriptionsOptions {
  registry: SocketRegistry;
  /** Closed last: the services publish to it until they stop. */
  changeBus: ChangeBus;
  /** How long shutdown waits for events being sent, then for sockets to close. */
  drainTimeoutMs: number;
}

/** A subscription message is an operation: as much as an HTTP body may be. */
const maxMessageBytes = 1024 * 1024;

async function subscriptions(
  http: FastifyInstance,
  { registry, changeBus, drainTimeoutMs }: SubscriptionsOptions,
): Promise<void> {
  await http.register(websocket, {
    options: { maxPayload: maxMessageBytes },
    // Runs before Fastify stops accepting: open sockets would otherwise keep `close()`
    // waiting for ever. The events being sent finish first, then each socket gets 1001.
    preClose: async () => registry.closeAll(drainTimeoutMs),
  });
  http.addHook("onClose", async () => {
    await changeBus.close();
  });
}

/**
 * WebSocket upgrades (for the graphql-ws handler that `bazaar-graphql` mounts on /graphql),
 * their shutdown, and the change bus subscribers listen on. Registered before
 * `bazaar-graphql`, which needs it to declare its WebSocket handler; its onClose therefore
 * runs after the services stopped publishing.
 */
export const subscriptionsPlugin = fp(subscriptions, {
  name: "bazaar-subscriptions",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
