// W6's webhook endpoint: a receiver on loopback (jobs-sink.mjs, a process of its own, which
// acknowledges every POST) registered in the bench database as an active endpoint for the
// workload's cells only, so that WC, run before, is checkout with no endpoint at all.

/* global fetch */
import { setTimeout as sleep } from "node:timers/promises";
import { scalarQuery } from "./database.mjs";
import { startChild, stopChild } from "./lifecycle.mjs";

/** How long the teardown waits for deliveries still queued when the load stops. */
const drainSeconds = 60;

async function deliveryCounts(url, endpointId) {
  return scalarQuery(
    url,
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS succeeded,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
            coalesce(sum(attempts), 0)::int AS attempts,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) * 1000)::int AS p50_ms,
            (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) * 1000)::int AS p99_ms
     FROM webhook_deliveries WHERE endpoint_id = $1`,
    [endpointId],
  );
}

/**
 * Starts the receiver and registers it for `events` (the servers must allow loopback URLs:
 * BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS). @returns the teardown: it waits for the deliveries
 * queued meanwhile, removes the endpoint, stops the receiver, and says how delivery went.
 */
export async function subscribeReceiver(url, events) {
  const sink = startChild("bench/lib/jobs-sink.mjs", {});
  const sinkUrl = await sink.firstLine;
  const { id } = await scalarQuery(
    url,
    `INSERT INTO webhook_endpoints (url, events, secret, updated_at)
     VALUES ($1, $2::"WebhookEventType"[], 'whsec_bench', now()) RETURNING id`,
    [`${sinkUrl}/bazaar`, events],
  );
  return async () => {
    let counts = await deliveryCounts(url, id);
    for (let waited = 0; counts.succeeded + counts.failed < counts.total && waited < drainSeconds; waited++) {
      await sleep(1000);
      counts = await deliveryCounts(url, id);
    }
    const { received, distinct } = await (await fetch(sinkUrl)).json();
    await scalarQuery(url, "DELETE FROM webhook_endpoints WHERE id = $1", [id]);
    await stopChild(sink.child);
    return (
      `webhooks: ${counts.total} deliveries, ${counts.succeeded} SUCCEEDED, ${counts.failed} FAILED, ` +
      `${counts.attempts} attempts; the receiver got ${received} POSTs (${distinct} distinct bodies); ` +
      `commit to 2xx p50 ${counts.p50_ms} ms, p99 ${counts.p99_ms} ms`
    );
  };
}
