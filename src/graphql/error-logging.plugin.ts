import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import type { Context } from "../context";
import { errorOrigin } from "./error-origin";
import { ErrorCode } from "./errors";
import { isPersistedQueryHashMismatch, persistedQueryHashMismatch } from "./persisted-query-mismatch";
import { requestIdOf } from "./request-id";

/**
 * Unexpected errors are logged with their stack and the request id, and the masked error
 * the client gets carries that request id, so a support ticket leads straight to the log.
 * A database that cannot be reached is a warning, answered 503 so that clients and load
 * balancers retry.
 */
export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      // Apollo refuses a mismatched persisted query before any other hook could look at it.
      const hashMismatch = isPersistedQueryHashMismatch(request);
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            const origin = errorOrigin(error);
            if (origin === "database-unavailable") {
              logger.warn(
                { err: error.originalError ?? error, requestId: requestIdOf(contextValue) },
                "database unavailable",
              );
            } else if (origin === "unexpected" && !hashMismatch) {
              logger.error(
                {
                  err: error.originalError ?? error,
                  requestId: requestIdOf(contextValue),
                  operationName,
                  path: error.path,
                },
                "unexpected error while serving GraphQL",
              );
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          // formatError masked Apollo's code-less refusal; it is the client's mistake.
          if (
            hashMismatch &&
            result.errors?.length === 1 &&
            result.errors[0]?.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR
          ) {
            result.errors = [persistedQueryHashMismatch()];
          }
          const errors = result.errors ?? [];
          // Load balancers and clients retry a 503; a 200 with an error would not tell them.
          if (errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE))
            response.http.status = 503;
          for (const error of errors) {
            if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (error.extensions as Record<string, unknown>).requestId = requestIdOf(contextValue);
            }
          }
        },
      };
    },
  };
}
