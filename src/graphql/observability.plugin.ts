import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import type { Context } from "../context";
import type { Metrics } from "../http/metrics";
import { responseErrors } from "./response-errors";

/**
 * One structured log line and a set of metrics per GraphQL operation: request id,
 * operation name, duration, cost, the viewer's id and API client's id (never a token), and the error codes.
 */
export function observabilityPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, contextValue, operationName }) {
          const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
          const single = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = responseErrors(response).map((error) => error.code);
          const operation = metrics.operationLabel(operationName ?? request.operationName);
          metrics.requests.inc({ operation, outcome: codes.length === 0 ? "ok" : "error" });
          metrics.duration.observe({ operation }, seconds);
          for (const code of codes) metrics.errors.inc({ code });
          logger.info(
            {
              requestId: contextValue.request.requestId,
              operationName: operationName ?? request.operationName ?? null,
              durationMs: Math.round(seconds * 10_000) / 10,
              cost: single?.extensions?.cost,
              viewerId: contextValue.request.viewer.userId,
              apiClientId: contextValue.request.viewer.apiClientId,
              errors: codes.length > 0 ? codes : undefined,
            },
            "graphql operation",
          );
        },
      };
    },
  };
}
