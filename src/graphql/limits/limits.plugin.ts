import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../../context";
import type { OperationLimits, SpentCost } from "./operation-limits";

/**
 * Refuses expensive operations before they run, and meters what clients spend
 * (`OperationLimits`). After parsing and validation, so the operation is known. Every
 * response says what was spent (`extensions.cost`) so clients can pace themselves.
 */
export function limitsPlugin(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let cost: SpentCost | undefined;
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (!operation) return;
          const admission = await limits.admit({
            operation,
            document,
            schema,
            variables: request.variables ?? {},
            request: contextValue.request,
          });
          cost = admission.cost;
          if (admission.refusal) throw admission.refusal;
        },
        async willSendResponse({ response }) {
          if (!cost || response.body.kind !== "single") return;
          const { requested, remaining, capacity, restoreRate } = cost;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: { requested, remaining, capacity, restoreRate },
          };
        },
      };
    },
  };
}
