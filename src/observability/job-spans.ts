import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from "@opentelemetry/api";
import { ATTR_ERROR_TYPE } from "@opentelemetry/semantic-conventions";
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "./semantic-attributes";
import { tracerName } from "./tracing";

/** A trace context as text fields (W3C `traceparent`, `tracestate`): what a job stores to continue its trace. */
export type TraceCarrier = Record<string, string>;

/**
 * The current trace context, to store in a job's payload when it is enqueued. Empty when
 * nothing is being traced (tracing off, or no span active): the job then starts no trace
 * of its own making.
 */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Runs a job's handler inside a CONSUMER span named after the job, whose parent is the
 * context stored at enqueue (`currentTraceCarrier`), so one trace follows the request that
 * enqueued the job to the job's own statements. Whatever context the queue's poller runs in
 * is left out. With tracing off the span records nothing.
 */
export function runInJobSpan<T>(
  jobName: string,
  carrier: TraceCarrier | undefined,
  handler: () => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, carrier ?? {});
  const options = {
    kind: SpanKind.CONSUMER,
    attributes: {
      [ATTR_MESSAGING_SYSTEM]: "bazaar_jobs",
      [ATTR_MESSAGING_OPERATION_TYPE]: "process",
      [ATTR_MESSAGING_DESTINATION_NAME]: jobName,
      ...attributes,
    },
  };
  return trace.getTracer(tracerName).startActiveSpan(jobName, options, parent, async (span) => {
    try {
      return await handler();
    } catch (error) {
      span.recordException(error as Error);
      span.setAttribute(ATTR_ERROR_TYPE, (error as Error).name ?? "Error");
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
