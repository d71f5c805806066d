import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ChangeBus } from "../events/change-pubsub";

export interface ChangeBusOptions {
  changeBus: ChangeBus;
}

async function changeBusLifecycle(http: FastifyInstance, { changeBus }: ChangeBusOptions): Promise<void> {
  http.addHook("onClose", async () => {
    await changeBus.close();
  });
}

/**
 * Closes the change bus (its Redis connections, when shared) on shutdown. Registered right
 * after the error handler on every role, so its onClose runs after the job queue and the
 * services stopped publishing: workers publish too (a sweep's cancellation).
 */
export const changeBusPlugin = fp(changeBusLifecycle, {
  name: "bazaar-change-bus",
  fastify: "5.x",
  dependencies: ["bazaar-error-handler"],
});
