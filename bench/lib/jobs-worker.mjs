// One job worker process for `npm run bench:jobs`: Bazaar's own JobQueue (from dist/) running
// test-gateway webhook deliveries, with the settings BAZAAR_JOBS_* in its environment. It
// prints "ready" once it takes jobs, and stops gracefully on SIGTERM.

import { loadConfig } from "../../dist/config.js";
import { JobQueue } from "../../dist/jobs/job-queue.js";
import { createLogger } from "../../dist/logger.js";
import { webhookDeliveryJob } from "../../dist/modules/payment/webhook-delivery.js";

const config = loadConfig(process.env);
const queue = new JobQueue({
  connectionString: process.env.BENCH_JOBS_DATABASE_URL,
  singleSession: false,
  runsJobs: true,
  settings: config.jobs,
  logger: createLogger({ logLevel: "warn" }),
});
queue.define(webhookDeliveryJob(process.env.BENCH_JOBS_QUEUE, config.testGatewayWebhookSecret));
await queue.start();
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  queue.stop(5_000).finally(() => process.exit(0));
});
