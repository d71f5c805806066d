import type { Tracer } from "@opentelemetry/api";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { registerHttpSpans } from "../observability/http-spans";

export interface TracingOptions {
  tracer: Tracer;
}

async function tracing(http: FastifyInstance, { tracer }: TracingOptions): Promise<void> {
  registerHttpSpans(http, tracer);
}

/**
 * A span per HTTP request (src/observability/http-spans.ts), registered only when tracing
 * is on. Registered first: its `onRequest` hook starts the span before any other hook does
 * work, and the webhook routes' scope copies its hooks only if they exist when it is made.
 */
export const tracingPlugin = fp(tracing, { name: "bazaar-tracing", fastify: "5.x" });
