import { setFlagsFromString } from "node:v8";

const flag = "--heap-growing-percent";
/** Growth allowed before the next full collection: 100 % of what survived the last one. */
const growingPercent = 100;

/**
 * Between two full collections V8 lets the old generation grow by a factor it picks from
 * its GC and allocation speeds, up to 4× what survived the last one on a machine with this
 * much memory. A server under load promotes tens of MB of request data per second that die
 * soon after, so the heap grew to 3–4× its live size: 350–450 MB of RSS for ~100 MB of live
 * objects. 2× keeps the peak near 250 MB at the same CPU per request (bench/README.md
 * § Memory). V8 reads this flag at every full collection, so setting it at run time works
 * (heap sizes, fixed when the heap is made, would not). A value given on the command line
 * (`node --heap-growing-percent=N dist/main.js`) is left alone.
 */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((argument) => argument.startsWith(flag))) return;
  setFlagsFromString(`${flag}=${growingPercent}`);
}
