import type { ApolloServerPlugin } from "@apollo/server";
import { SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE } from "@opentelemetry/semantic-conventions";
import type { Context } from "../context";
import { responseErrors } from "../graphql/response-errors";
import {
  ATTR_GRAPHQL_ERROR_CODES,
  ATTR_GRAPHQL_OPERATION_NAME,
  ATTR_GRAPHQL_OPERATION_TYPE,
} from "./semantic-attributes";

/**
 * The GraphQL operation's span. It has to be the active span while the operation runs, so
 * that the statements it sends become its children, and an Apollo plugin can only watch,
 * not wrap, the execution: so the span is started around the route's handler, and named
 * and given its outcome by `operationSpanPlugin` once Apollo knows them.
 */
export function inOperationSpan<This, Args extends unknown[], Result>(
  tracer: Tracer,
  handler: (this: This, ...args: Args) => Result,
): (this: This, ...args: Args) => Promise<Awaited<Result>> {
  return function (this: This, ...args: Args): Promise<Awaited<Result>> {
    // Named as OpenTelemetry's GraphQL conventions name an operation not resolved (yet).
    return tracer.startActiveSpan("GraphQL Operation", async (span): Promise<Awaited<Result>> => {
      try {
        return await handler.apply(this, args);
      } finally {
        span.end();
      }
    });
  };
}

/**
 * Names the operation's span `type name` (`query Storefront`) and records each error of the
 * response as sent — its `extensions.code` and masked message, never an internal detail.
 */
export function operationSpanPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (span === undefined) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (operation === undefined) return;
          span.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (operationName) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operationName);
        },
        async willSendResponse({ response }) {
          const errors = responseErrors(response);
          if (errors.length === 0) return;
          for (const error of errors) {
            span.addEvent("exception", {
              [ATTR_EXCEPTION_TYPE]: error.code,
              [ATTR_EXCEPTION_MESSAGE]: error.message,
            });
          }
          const codes = errors.map((error) => error.code);
          span.setAttribute(ATTR_GRAPHQL_ERROR_CODES, codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(", ") });
        },
      };
    },
  };
}
