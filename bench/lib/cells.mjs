// One cell of a bench table: a workload on a server, measured after a warm-up between idle
// points (CPU, statements and requests counted by the server itself), and its rounds combined.

import os from "node:os";
import { runLoad } from "./load.mjs";
import { median } from "./report.mjs";
import { cpuMs, peakRssMb, resetPeakRss, waitIdle } from "./servers.mjs";

/**
 * `options.warmup` seconds of `workload` on `server`, then `options.duration` seconds
 * measured: autocannon's rate and latencies, plus the server's CPU, statements and peak RSS
 * per request it finished. `sequence.i` numbers the requests (it carries on across calls).
 */
export async function measureCell({ server, workload, fixtures, options, sequence }) {
  const headers = workload.headers?.(fixtures) ?? {};
  const next = () => workload.variables(sequence.i++, fixtures, server.spec.name);
  const load = { baseUrl: server.baseUrl, workload, next, headers, connections: options.connections };
  await waitIdle(server.baseUrl);
  const peakResettable = resetPeakRss(server.pid);
  const warm = await runLoad({ ...load, seconds: options.warmup });
  // Counted by the server, between idle points: requests still running when the load stops
  // finish (and use CPU and statements) before the second reading.
  const before = await waitIdle(server.baseUrl);
  const cpuBefore = cpuMs(server.pid);
  const result = await runLoad({ ...load, seconds: options.duration });
  const after = await waitIdle(server.baseUrl);
  const cpuAfter = cpuMs(server.pid);
  if (!server.alive())
    throw new Error(`${server.spec.name} died during ${workload.id}; see ${server.logFile}`);
  const served = after.requests - before.requests;
  return {
    ...result,
    errors: result.errors + warm.errors,
    errorDetail: [warm.errorDetail && `warm-up: ${warm.errorDetail}`, result.errorDetail]
      .filter(Boolean)
      .join("; "),
    served,
    cpuMsPerRequest: (cpuAfter - cpuBefore) / served,
    loadStatements: (after.statements - before.statements) / served,
    peakRssMb: peakRssMb(server.pid),
    peakRssScope: peakResettable ? "cell" : "process",
    loadavg: os.loadavg()[0],
  };
}

/** A cell measured in several rounds: medians of the rates and latencies, all errors, the highest peak. */
export function combineRounds(results) {
  if (results.length === 1) return { ...results[0], rounds: 1 };
  const pick = (key) => median(results.map((r) => r[key]));
  return {
    ...results[0],
    rounds: results.length,
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    rps: pick("rps"),
    p50: pick("p50"),
    p99: pick("p99"),
    cpuMsPerRequest: pick("cpuMsPerRequest"),
    loadStatements: pick("loadStatements"),
    peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorDetail: results
      .map((r) => r.errorDetail)
      .filter(Boolean)
      .join("; "),
    spread: { rps: results.map((r) => r.rps), cpu: results.map((r) => r.cpuMsPerRequest) },
  };
}
