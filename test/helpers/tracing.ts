import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { installTracing, type Tracing } from "../../src/observability/tracing";
import { startTestApp, useStarted, type TestApp } from "./test-app";
import { waitFor } from "./wait-for";

/**
 * Tracing installed for this test file's process (jest gives each file its own globals),
 * every span kept in memory as it ends: what the OTLP exporter would have sent.
 */
export interface TestTracing extends Tracing {
  exporter: InMemorySpanExporter;
}

export function installTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  return { ...installTracing(new SimpleSpanProcessor(exporter), "bazaar-test"), exporter };
}

/** A test app whose requests, operations and statements are traced into `tracing.exporter`. */
export interface TracedTestApp extends TestApp {
  tracing: TestTracing;
}

export async function startTracedTestApp(env: Record<string, string> = {}): Promise<TracedTestApp> {
  const tracing = installTestTracing();
  const t = await startTestApp(env, { tracer: tracing.tracer });
  return {
    ...t,
    tracing,
    async close() {
      await t.close();
      await tracing.shutdown();
    },
  };
}

/** The traced test app for the enclosing block (see `useStarted`). */
export function useTracedTestApp(env: Record<string, string> = {}): TracedTestApp {
  return useStarted(() => startTracedTestApp(env));
}

/** A W3C `traceparent` for a caller's sampled span: what an upstream service would send. */
export function callerTraceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}

export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

export function childrenOf(spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  return spans.filter((span) => parentIdOf(span) === parent.spanContext().spanId);
}

/**
 * The server span of the request whose `bazaar.request_id` is `requestId`, once it has
 * ended: Fastify ends it after the response is written, which may be after the client read it.
 */
export async function serverSpanOf(tracing: TestTracing, requestId: string): Promise<ReadableSpan> {
  const isIt = (span: ReadableSpan) =>
    span.kind === SpanKind.SERVER && span.attributes["bazaar.request_id"] === requestId;
  const spans = await waitFor(
    async () => tracing.exporter.getFinishedSpans(),
    (finished) => finished.some(isIt),
  );
  return spans.find(isIt)!;
}

/** Every span of the trace `span` belongs to. */
export function traceOf(tracing: TestTracing, span: ReadableSpan): ReadableSpan[] {
  const { traceId } = span.spanContext();
  return tracing.exporter.getFinishedSpans().filter((other) => other.spanContext().traceId === traceId);
}
