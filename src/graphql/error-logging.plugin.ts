import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import type { Context } from "../context";
import { ErrorCode } from "./errors";
import { isDatabaseUnavailable } from "../db/unavailable";
import { isClientErrorCode } from "./format-error";

/**
 * Unexpected errors are logged with their stack and the request id, and the masked error
 * the client gets carries that request id, so a support ticket leads straight to the log.
 */
export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isClientErrorCode(error.extensions?.code)) continue;
            if (isDatabaseUnavailable(error.originalError)) {
              logger.warn({ err: error.originalError, requestId: contextValue.request.requestId }, "database unavailable");
              continue;
            }
            logger.error(
              { err: error.originalError ?? error, requestId: contextValue.request.requestId, operationName, path: error.path },
              "unexpected error while serving GraphQL",
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors ?? [];
          // Load balancers and clients retry a 503; a 200 with an error would not tell them.
          if (errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) response.http.status = 503;
          for (const error of errors) {
            if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.request.requestId;
            }
          }
        },
      };
    },
  };
}
