// What every bench script needs around its measurements: a log on stderr, and cleanup of
// everything it started (servers, seed processes, databases) on exit, error, Ctrl-C,
// SIGTERM or its time limit.

import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";

/** The repository's root: bench scripts name their children from it. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A timestamped progress line on stderr (stdout carries the results). */
export const log = (message) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Functions run by `cleanup()`, last registered first (`unshift` one to run it last). */
export const cleanups = [];
let cleaning;

/** Runs every registered cleanup once; later calls wait for the same run. */
export function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`cleanup: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

/**
 * Runs `main` bounded: Ctrl-C and SIGTERM clean up and exit; a run that overstays
 * BENCH_TIME_LIMIT_MINUTES (default `defaultLimitMinutes`) is stopped, its children with it.
 * @param {() => Promise<void>} main
 */
export function runBounded(main, defaultLimitMinutes = 60) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      log(`${signal}: stopping servers and cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }
  const runLimitMinutes = Number(process.env.BENCH_TIME_LIMIT_MINUTES ?? defaultLimitMinutes);
  setTimeout(() => {
    log(`time limit of ${runLimitMinutes} min reached: stopping`);
    cleanup().finally(() => process.exit(1));
  }, runLimitMinutes * 60_000).unref();
  main()
    .catch((error) => {
      process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanup());
}

/**
 * A child process running `script` (a path from the repository's root, which is its working
 * directory), stopped by `cleanup()` if it still runs then; `firstLine` resolves with its
 * first line on stdout.
 */
export function startChild(script, env) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(async () => child.exitCode === null && child.kill("SIGTERM"));
  const firstLine = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return { child, firstLine };
}

/** Stops a child started by `startChild` (SIGTERM) and waits for it to exit. */
export async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
