import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { SocketRegistry } from "../graphql/subscriptions/socket-registry";

export interface SubscriptionsOptions {
  registry: SocketRegistry;
  /** How long shutdown waits for events being sent, then for sockets to close. */
  drainTimeoutMs: number;
}

/** A subscription message is an operation: as much as an HTTP body may be. */
const maxMessageBytes = 1024 * 1024;

async function subscriptions(
  http: FastifyInstance,
  { registry, drainTimeoutMs }: SubscriptionsOptions,
): Promise<void> {
  await http.register(websocket, {
    options: { maxPayload: maxMessageBytes },
    // Runs before Fastify stops accepting: open sockets would otherwise keep `close()`
    // waiting for ever. The events being sent finish first, then each socket gets 1001.
    preClose: async () => registry.closeAll(drainTimeoutMs),
  });
}

/**
 * WebSocket upgrades (for the graphql-ws handler that `bazaar-graphql` mounts on /graphql)
 * and their shutdown. Registered before `bazaar-graphql`, which needs it to declare its
 * WebSocket handler.
 */
export const subscriptionsPlugin = fp(subscriptions, {
  name: "bazaar-subscriptions",
  fastify: "5.x",
  dependencies: ["bazaar-change-bus"],
});
