// A stand-in for an OpenTelemetry collector on loopback, for the `traced` server: it takes
// every OTLP/HTTP export, counts it and throws it away, so the bench measures what tracing
// costs Bazaar (recording, batching, protobuf encoding, sending), not a collector.

import { createServer } from "node:http";

/** @returns {Promise<{ url: string, stats: { exports: number, bytes: number }, close(): Promise<void> }>} */
export async function startOtlpSink() {
  const stats = { exports: 0, bytes: 0 };
  const server = createServer((request, response) => {
    request.on("data", (chunk) => {
      stats.bytes += chunk.length;
    });
    request.on("end", () => {
      stats.exports += 1;
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
