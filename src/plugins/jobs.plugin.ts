import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { JobQueue } from "../jobs/job-queue";

export interface JobsOptions {
  jobs: JobQueue;
  /** How long jobs in flight may take to finish on shutdown. */
  shutdownTimeoutMs: number;
}

async function jobsLifecycle(http: FastifyInstance, { jobs, shutdownTimeoutMs }: JobsOptions): Promise<void> {
  http.addHook("onClose", async () => {
    await jobs.stop(shutdownTimeoutMs);
  });
}

/**
 * Stops the job queue on shutdown: no new jobs are taken, the ones running may finish. It is
 * registered last, so its onClose hook runs first — once the server stopped accepting and the
 * requests in flight (which may still enqueue) have finished, and before `bazaar-graphql`'s
 * `apollo.stop()`. The queue is started by whoever opened the database (main.ts), not here:
 * an app whose database is out of reach can still be built and answer 503.
 */
export const jobsPlugin = fp(jobsLifecycle, {
  name: "bazaar-jobs",
  fastify: "5.x",
  dependencies: ["bazaar-health"],
});
