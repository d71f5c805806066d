// Load over loopback with autocannon: fixed connections, fixed duration, every response
// checked for HTTP and GraphQL errors, latencies kept at full (sub-millisecond) precision.

/* global fetch, AbortSignal */
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
  latencies.sort((a, b) => a - b);
  const requests = result.requests.total ?? latencies.length;
  const failures = result.errors + result.timeouts + result.non2xx + graphqlErrors;
  const codes = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, { count }]) => `${count}×HTTP ${code}`);
  const detail = [
    result.errors ? `${result.errors} connection errors` : "",
    result.timeouts ? `${result.timeouts} timeouts` : "",
    ...codes,
    graphqlErrors ? `${graphqlErrors} GraphQL errors, first: ${firstGraphqlError}` : "",
  ].filter(Boolean);
  return {
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: failures,
    errorDetail: detail.join("; "),
  };
}
