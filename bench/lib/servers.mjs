// Servers under test: each its own child process on a free loopback port, watched through
// /proc (CPU time, peak RSS) and its /metrics statement counter.

/* global fetch, AbortSignal */
import { spawn } from "node:child_process";
import { openSync, readFileSync, writeFileSync, closeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { clearTimeout, setTimeout } from "node:timers";

const host = "127.0.0.1";
/** Kernel clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on Linux everywhere that matters). */
const ticksPerSecond = 100;

/** A port the OS says is free now (a small race with anything else picking it; retried on failure). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} ServerSpec
 * @property {string} name       short name in the table (raw, bazaar, naive, before)
 * @property {string} label      what it is, for the report
 * @property {string[]} args     node arguments (script first)
 * @property {string} cwd
 * @property {Record<string, string>} env
 */

/**
 * @typedef {object} RunningServer
 * @property {ServerSpec} spec
 * @property {number} pid
 * @property {string} baseUrl
 * @property {string} logFile
 * @property {() => Promise<void>} stop
 * @property {() => boolean} alive
 */

/**
 * The environment of Bazaar as shipped, for a bench: production mode, warnings only, no
 * demo data, every limit at its default. No background sweep inside a measurement, a fixed
 * cursor secret (cursors stay valid across restarts), and webhooks allowed to plain http on
 * loopback.
 */
export function bazaarEnvironment(url, poolSize) {
  return {
    DATABASE_URL: url,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    BAZAAR_SEED_DEMO: "false",
    BAZAAR_DATABASE_POOL_SIZE: String(poolSize),
    BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
    BAZAAR_CURSOR_SECRET: "bench-cursor-secret-bench-cursor-secret",
    // W6's webhook receiver listens on loopback, in plain HTTP.
    BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    BAZAAR_WEBHOOK_REQUIRE_HTTPS: "false",
  };
}

/** Starts one server and waits until /healthz answers. @returns {Promise<RunningServer>} */
export async function startServer(spec, logDir) {
  const port = await freePort();
  const logFile = path.join(logDir, `${spec.name}.log`);
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...spec.env,
      PORT: String(port),
      HOST: host,
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve((exited = { code, signal }))),
  );
  const baseUrl = `http://${host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new Error(`${spec.name} exited while starting (${JSON.stringify(exited)}); see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${spec.name} did not answer /healthz within 60 s; see ${logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    spec,
    pid: child.pid,
    baseUrl,
    logFile,
    alive: () => exited === null,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 8_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** User + system CPU milliseconds the process has used so far. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state is fields[0]; utime and stime are the 14th and 15th fields overall.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** VmHWM (peak resident set) in MB. */
export function peakRssMb(pid) {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Resets VmHWM to the current RSS (Linux `clear_refs` 5), so the next reading is this cell's peak. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * The server's own counts from /metrics: SQL statements sent (`bazaar_db_statements_total`)
 * and GraphQL requests finished (`bazaar_graphql_requests_total`, all labels summed).
 */
export async function serverCounts(baseUrl) {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const match = /^bazaar_db_statements_total (\d+)/m.exec(text);
  if (!match) throw new Error(`${baseUrl}/metrics has no bazaar_db_statements_total`);
  let requests = 0;
  for (const line of text.matchAll(/^bazaar_graphql_requests_total(?:\{[^}]*\})? (\d+)/gm))
    requests += Number(line[1]);
  return { statements: Number(match[1]), requests };
}

/**
 * Waits until the server has finished what it was doing: when a load run stops, requests
 * already sent (the slow ones of the naive build take seconds) still run to completion,
 * and must neither spill into the next measurement nor count against it.
 */
export async function waitIdle(baseUrl, limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  let last = await serverCounts(baseUrl);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await serverCounts(baseUrl);
    if (now.statements === last.statements && now.requests === last.requests) return now;
    if (Date.now() > deadline) throw new Error(`${baseUrl} is still busy after ${limitMs / 1000} s`);
    last = now;
  }
}
