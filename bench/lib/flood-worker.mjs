// The flood of `npm run bench:flood` in a worker thread: its autocannon instances run on
// an event loop of their own, so the good client's timers and latency readings on the
// main thread are never held up by the flood's JavaScript (they still share the CPU).
// workerData: { baseUrl, victimEmail, kinds (ids), closing (ids), connections, seconds }. Posts
// { started: true } once sending, then the result of runFlood.

import { parentPort, workerData } from "node:worker_threads";
import { floodKinds, runFlood } from "./flood-requests.mjs";

const { baseUrl, victimEmail, kinds, closing, connections, seconds } = workerData;
const result = await runFlood({
  baseUrl,
  kinds: floodKinds(victimEmail).filter((kind) => kinds.includes(kind.id)),
  closing,
  connections,
  seconds,
  onStart: () => parentPort.postMessage({ started: true }),
});
parentPort.postMessage({ result });
