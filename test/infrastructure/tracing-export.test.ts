import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import pg from "pg";
import { loadConfig } from "../../src/config";
import { currentTraceCarrier, runInJobSpan } from "../../src/observability/job-spans";
import { startTracing } from "../../src/observability/tracing";
import { startTestApp, useTestApp } from "../helpers/test-app";
import { callerTraceparent } from "../helpers/tracing";

const traceparent = callerTraceparent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

describe("without an OTLP endpoint (the default)", () => {
  // Started as main.ts starts it when the config has no tracing.
  const t = useTestApp();

  test("nothing is installed", () => {
    const config = loadConfig({});
    expect(config.tracing).toBeUndefined();
    expect(startTracing(config.tracing)).toBeUndefined();
  });

  test("nothing is instrumented: no request hooks, no operation plugin, a plain pool", () => {
    expect(t.app.http.hasPlugin("bazaar-tracing")).toBe(false);
    expect(Object.getPrototypeOf(t.db.pool)).toBe(pg.Pool.prototype);
  });

  test("nothing is recorded, even for a request or a job that carries a caller's trace", async () => {
    const response = await t.graphql(
      "query Untraced { products(first: 1) { edges { node { id } } } }",
      {},
      {
        headers: { traceparent },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(trace.getTracer("bazaar").startSpan("probe").isRecording()).toBe(false);
    const inJob = await runInJobSpan("untraced", { traceparent }, async () => ({
      recording: trace.getActiveSpan()?.isRecording() === true,
      carrier: currentTraceCarrier(),
    }));
    expect(inJob).toEqual({ recording: false, carrier: {} });
  });
});

interface Export {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Stands in for an OpenTelemetry collector: records each OTLP/HTTP export it is sent. */
async function startCollector(): Promise<{ url: string; exports: Export[]; server: Server }> {
  const exports: Export[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      exports.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports, server };
}

test("with OTEL_EXPORTER_OTLP_ENDPOINT, spans are exported over OTLP/HTTP (protobuf) with the configured headers and service name, flushed at shutdown", async () => {
  const collector = await startCollector();
  try {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`,
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20otlp-key",
      OTEL_SERVICE_NAME: "bazaar-export-test",
    });
    const tracing = startTracing(config.tracing)!;
    const t = await startTestApp({}, { tracer: tracing.tracer });
    await t.graphql("query Exported { products(first: 1) { edges { node { id } } } }");
    // As main.ts stops: the server closes, then what is still batched is sent.
    await t.close();
    await tracing.shutdown();

    expect(collector.exports.length).toBeGreaterThan(0);
    for (const sent of collector.exports) {
      expect(sent.path).toBe("/v1/traces");
      expect(sent.headers["content-type"]).toBe("application/x-protobuf");
      expect(sent.headers.authorization).toBe("Bearer otlp-key");
    }
    // Protobuf keeps strings as UTF-8 bytes: the spans' names and the service name are in there.
    const sent = Buffer.concat(collector.exports.map((exported) => exported.body)).toString("latin1");
    for (const text of ["bazaar-export-test", "POST /graphql", "query Exported", "SELECT"]) {
      expect(sent).toContain(text);
    }
  } finally {
    await new Promise((resolve) => collector.server.close(resolve));
  }
});
