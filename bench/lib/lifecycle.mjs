// What every bench script needs around its measurements: a log on stderr, and cleanup of
// everything it started (servers, seed processes, databases) on exit, error, Ctrl-C,
// SIGTERM or its time limit.

import { setTimeout } from "node:timers";

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
