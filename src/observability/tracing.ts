import { context, propagation, trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { TracingConfig } from "../config";

/** The name Bazaar's spans are created under (the instrumentation scope). */
export const tracerName = "bazaar";

/** A tracer provider installed for the whole process. */
export interface Tracing {
  /** Given to what Bazaar instruments (HTTP, GraphQL, SQL); nothing is instrumented without it. */
  tracer: Tracer;
  /** Exports what is still buffered, then uninstalls the provider. */
  shutdown(): Promise<void>;
}

/**
 * Installs a tracer provider whose finished spans go to `processor`, as the process's
 * OpenTelemetry provider: the API's tracer, its AsyncLocalStorage context manager (so the
 * active span follows async code) and the W3C trace-context propagator (`traceparent`).
 */
export function installTracing(processor: SpanProcessor, serviceName: string): Tracing {
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    spanProcessors: [processor],
  });
  provider.register();
  return {
    tracer: provider.getTracer(tracerName),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Traces exported over OTLP/HTTP (protobuf), in batches, when the config names an
 * endpoint; otherwise nothing is installed, and nothing is instrumented or recorded.
 */
export function startTracing(config: TracingConfig | undefined): Tracing | undefined {
  if (config === undefined) return undefined;
  const exporter = new OTLPTraceExporter({ url: config.url, headers: config.headers });
  return installTracing(new BatchSpanProcessor(exporter), config.serviceName);
}
