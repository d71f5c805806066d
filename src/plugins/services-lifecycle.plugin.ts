import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Services } from "../services";

export interface ServicesLifecycleOptions {
  services: Services;
}

async function servicesLifecycle(
  http: FastifyInstance,
  { services }: ServicesLifecycleOptions,
): Promise<void> {
  services.sweeper.start();
  // Stops the maintenance sweeper (waiting for a sweep in progress) and the payment gateways.
  http.addHook("onClose", async () => {
    await services.close();
  });
}

/**
 * Starts the services' background work (the maintenance sweeper) and closes the services
 * on shutdown. Registered after the routes that use them: Fastify runs onClose hooks in
 * reverse order of registration, so `services.close()` runs before `bazaar-graphql`'s
 * `apollo.stop()`, and both only once the server has stopped accepting connections and
 * the requests in flight have finished.
 */
export const servicesLifecyclePlugin = fp(servicesLifecycle, {
  name: "bazaar-services-lifecycle",
  fastify: "5.x",
  dependencies: ["bazaar-graphql", "bazaar-webhooks"],
});
