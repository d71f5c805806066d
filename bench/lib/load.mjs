// Load over loopback: with autocannon (fixed connections, fixed duration, as fast as the
// server answers) or paced (a fixed rate, open loop); every response checked for HTTP and
// GraphQL errors, latencies kept at full (sub-millisecond) precision.

/* global fetch, AbortSignal */
import { Buffer } from "node:buffer";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout } from "node:timers";
import autocannon from "autocannon";
import { requestBody } from "./workloads.mjs";

/** One request, outside the load: for checksums and statement counts. */
export async function sendOnce(baseUrl, workload, variables, headers = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: requestBody(workload, variables),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * @typedef {object} LoadResult
 * @property {number} requests  completed in the measured window
 * @property {number} seconds
 * @property {number} rps
 * @property {number} p50       ms
 * @property {number} p90       ms
 * @property {number} p99       ms
 * @property {number} errors    connection errors + timeouts + non-2xx + answers carrying GraphQL errors
 * @property {string} errorDetail
 */

/**
 * Runs `seconds` of load. `next()` gives the variables of each request, in order (the
 * caller keeps the sequence going across warm-up and measurement).
 * @returns {Promise<LoadResult>}
 */
export async function runLoad({ baseUrl, workload, next, headers = {}, connections, seconds }) {
  let graphqlErrors = 0;
  let firstGraphqlError = "";
  const latencies = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    // A stuck request fails the cell instead of hanging the run.
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        setupRequest: (request) => ({ ...request, body: requestBody(workload, next()) }),
        onResponse: (status, body) => {
          // Bazaar puts `errors` first in an answer that has any; data never contains the key.
          if (status === 200 && body.includes('"errors":')) {
            graphqlErrors += 1;
            firstGraphqlError ||= body.slice(0, 300);
          }
        },
      },
    ],
  });
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const requests = result.requests.total ?? latencies.length;
  const codes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  return summarize({
    latencies,
    requests,
    seconds: result.duration,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    codes,
    graphqlErrors,
    firstGraphqlError,
  });
}

/** A load run's numbers: rate, latency percentiles of the 2xx answers, and every kind of error. @returns {LoadResult} */
function summarize({
  latencies,
  requests,
  seconds,
  connectionErrors,
  timeouts,
  codes,
  graphqlErrors,
  firstGraphqlError,
}) {
  latencies.sort((a, b) => a - b);
  const failed = Object.entries(codes).filter(([code]) => !code.startsWith("2"));
  const detail = [
    connectionErrors ? `${connectionErrors} connection errors` : "",
    timeouts ? `${timeouts} timeouts` : "",
    ...failed.map(([code, count]) => `${count}×HTTP ${code}`),
    graphqlErrors ? `${graphqlErrors} GraphQL errors, first: ${firstGraphqlError}` : "",
  ].filter(Boolean);
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    errors: connectionErrors + timeouts + failed.reduce((sum, [, count]) => sum + count, 0) + graphqlErrors,
    errorDetail: detail.join("; "),
  };
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate, and goes out then
 * whether or not earlier ones were answered (over up to `maxSockets` keep-alive
 * connections), so the server's stalls show as latency instead of a lower rate. Latency is
 * counted from when a request was due (a request that had to wait for a free connection,
 * or for this process, waited like a real client), at full precision. `offsetMs` delays
 * the whole stream (to interleave two). `next()` gives the variables of each request, in order.
 * @returns {Promise<LoadResult>}
 */
export async function runPaced({
  baseUrl,
  workload,
  next,
  headers = {},
  rate,
  seconds,
  offsetMs = 0,
  maxSockets = 16,
}) {
  const target = new URL("/graphql", baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const latencies = [];
  const codes = {};
  const counts = { connectionErrors: 0, timeouts: 0, graphqlErrors: 0, firstGraphqlError: "" };
  const send = (due) =>
    new Promise((resolve) => {
      const body = Buffer.from(requestBody(workload, next()));
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          agent,
          timeout: 30_000,
          headers: { "content-type": "application/json", "content-length": body.length, ...headers },
        },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            codes[status] = (codes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              latencies.push(performance.now() - due);
              const text = Buffer.concat(chunks).toString("utf8");
              if (text.includes('"errors":')) {
                counts.graphqlErrors += 1;
                counts.firstGraphqlError ||= text.slice(0, 300);
              }
            }
            resolve();
          });
        },
      );
      request.on("timeout", () => {
        counts.timeouts += 1;
        request.destroy(new Error("timeout"));
      });
      request.on("error", (error) => {
        if (error.message !== "timeout") counts.connectionErrors += 1;
        resolve();
      });
      request.end(body);
    });
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const sent = [];
  for (let i = 0; i < total; i++) {
    const due = start + offsetMs + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(due));
  }
  await Promise.all(sent);
  agent.destroy();
  return summarize({
    latencies,
    requests: Object.values(codes).reduce((a, b) => a + b, 0),
    seconds,
    ...counts,
    codes,
  });
}
