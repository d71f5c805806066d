// The bench's own database: BENCH_DATABASE_URL, else a fresh database on the local
// PostgreSQL (dropped at the end), else the embedded database; seeded with Bazaar's own
// scale seed. Everything started here is registered for cleanup (lifecycle.mjs).

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { cleanups } from "./lifecycle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const localServer = "postgresql://postgres@127.0.0.1:5432";

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: `${localServer}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The first row of one query, on a connection of its own. */
export async function scalarQuery(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0];
  } finally {
    await client.end();
  }
}

/** Runs Bazaar's own seed CLI (migrations + set-based scale seed) for `products` more products. */
export function seed(env, products) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "dist/db/cli/seed.js"), "--products", String(products)],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          LOG_LEVEL: "warn",
          NODE_ENV: "production",
          BAZAAR_SEED_DEMO: "false",
          ...env,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    cleanups.push(async () => child.exitCode === null && child.kill("SIGTERM"));
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`seed exited with ${code}: ${out.trim()}`)),
    );
  });
}

/** The embedded database in a child process (fallback only). */
export async function startEmbedded(dataDir) {
  const child = spawn(process.execPath, [path.join(root, "bench/lib/embedded-db.mjs"), dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /^URL (\S+)/m.exec(out);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`embedded database exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
  };
  cleanups.push(stop);
  return { url, stop };
}

/**
 * Where the bench runs: BENCH_DATABASE_URL, else a fresh database `name` on the local
 * server, else the embedded database. Returns how to seed it and how servers reach it.
 * @param {{ name: string, embedded: boolean, keepDb: boolean }} options
 */
export async function openBenchDatabase({ name, embedded, keepDb }) {
  if (process.env.BENCH_DATABASE_URL) {
    const url = process.env.BENCH_DATABASE_URL;
    const target = new URL(url);
    return {
      kind: "postgresql",
      description: `BENCH_DATABASE_URL (${target.hostname}:${target.port || 5432}${target.pathname})`,
      url,
      poolSize: 10,
    };
  }
  if (!embedded && (await canConnect(`${localServer}/postgres`))) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    if (!keepDb) cleanups.unshift(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    return {
      kind: "postgresql",
      description: `fresh database "${name}" on the local PostgreSQL (${localServer})${keepDb ? ", kept" : ", dropped afterwards"}`,
      url: `${localServer}/${name}`,
      poolSize: 10,
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-bench-"));
  if (!keepDb) cleanups.unshift(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    kind: "embedded",
    description: `EMBEDDED database (PGlite, one session, pool size 1) in ${dataDir}${embedded ? " (--embedded)" : `: no PostgreSQL server answered at ${localServer}`}; numbers are not comparable with a real server's`,
    dataDir,
    poolSize: 1,
  };
}
