import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Tracer,
} from "@opentelemetry/api";
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from "@opentelemetry/semantic-conventions";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ATTR_REQUEST_ID } from "./semantic-attributes";

/**
 * A SERVER span per HTTP request, named `METHOD /route`, continuing the caller's trace when
 * the request carries a W3C `traceparent`. Everything the request does runs with the span
 * active, so the spans it causes (GraphQL, SQL) are its children.
 */
export function registerHttpSpans(http: FastifyInstance, tracer: Tracer): void {
  const contexts = new WeakMap<FastifyRequest, Context>();

  http.addHook("onRequest", (request, _reply, done) => {
    const route = request.routeOptions.url;
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      route === undefined ? request.method : `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          ...(route === undefined ? {} : { [ATTR_HTTP_ROUTE]: route }),
          // The path only: a GET's query string may carry a whole GraphQL document and its variables.
          [ATTR_URL_PATH]: request.url.split("?", 1)[0],
          [ATTR_URL_SCHEME]: request.protocol,
          [ATTR_CLIENT_ADDRESS]: request.ip,
          ...(request.headers["user-agent"]
            ? { [ATTR_USER_AGENT_ORIGINAL]: request.headers["user-agent"] }
            : {}),
          [ATTR_REQUEST_ID]: request.id,
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    contexts.set(request, active);
    context.with(active, done);
  });

  // The body is read between onRequest and preHandler, in the socket's callbacks, where the
  // request's context is lost: it is put back here, before the handler runs.
  http.addHook("preHandler", (request, _reply, done) => {
    const active = contexts.get(request);
    if (active === undefined) done();
    else context.with(active, done);
  });

  http.addHook("onError", (request, _reply, error, done) => {
    const active = contexts.get(request);
    if (active !== undefined) trace.getSpan(active)?.recordException(error);
    done();
  });

  const end = (request: FastifyRequest, statusCode: number | undefined): void => {
    const active = contexts.get(request);
    if (active === undefined) return;
    contexts.delete(request);
    const span = trace.getSpan(active)!;
    if (statusCode === undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, "aborted");
    } else {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
      // A server's span is in error only when the server failed: a 4xx is the client's.
      if (statusCode >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end();
  };
  http.addHook("onResponse", (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  http.addHook("onRequestAbort", (request, done) => {
    end(request, undefined);
    done();
  });
}
