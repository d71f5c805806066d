import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import type { Config } from "../../config";
import type { Context } from "../../context";
import { BazaarError, ErrorCode } from "../errors";
import type { ClientCostBudget } from "./cost-budget";
import { measureOperation, type OperationShape } from "./operation-shape";
import { operationCost } from "./query-cost";

const shapeLimits: { measure: keyof OperationShape; limit: keyof Config["limits"]; what: string }[] = [
  { measure: "depth", limit: "maxDepth", what: "depth" },
  { measure: "aliases", limit: "maxAliases", what: "aliases" },
  { measure: "rootFields", limit: "maxRootFields", what: "root fields" },
  { measure: "directives", limit: "maxDirectives", what: "directives" },
];

function tooComplex(message: string, extensions: Record<string, unknown>): BazaarError {
  return new BazaarError(ErrorCode.QUERY_TOO_COMPLEX, message, { ...extensions, http: { status: 400 } });
}

/**
 * Refuses expensive operations before they run, and meters what clients spend.
 * After parsing and validation (so the operation is known), it checks the operation's
 * shape against the configured limits and its cost against the per-query maximum, then
 * charges the cost to the client's budget (the viewer, else the IP). Every response says
 * what was spent (`extensions.cost`) so clients can pace themselves.
 */
export function limitsPlugin(
  limits: Config["limits"],
  budget: ClientCostBudget,
): ApolloServerPlugin<Context> {
  const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();
  return {
    async requestDidStart() {
      let cost: { requested: number; remaining: number } | undefined;
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          // One parsed document per query text (Apollo's cache): its shape is measured once.
          let shape = shapes.get(operation);
          if (!shape) shapes.set(operation, (shape = measureOperation(operation, fragments)));
          for (const { measure, limit, what } of shapeLimits) {
            if (shape[measure] > limits[limit]) {
              throw tooComplex(
                `The operation has ${shape[measure]} ${what}; at most ${limits[limit]} are allowed (over by ${shape[measure] - limits[limit]}).`,
                {
                  limit: limit,
                  actual: shape[measure],
                  maximum: limits[limit],
                },
              );
            }
          }
          const requested = operationCost(schema, operation, fragments, request.variables ?? {});
          if (requested > limits.maxQueryCost) {
            throw tooComplex(
              `The operation costs ${requested} points; at most ${limits.maxQueryCost} are allowed per request (over by ${requested - limits.maxQueryCost}).`,
              {
                limit: "maxQueryCost",
                actual: requested,
                maximum: limits.maxQueryCost,
              },
            );
          }
          const { viewer, ip } = contextValue.request;
          const client = viewer.userId ? `user:${viewer.userId}` : `ip:${ip}`;
          const charge = await budget.charge(client, requested);
          cost = { requested, remaining: charge.remaining };
          if (!charge.allowed) {
            throw new BazaarError(
              ErrorCode.RATE_LIMITED,
              `Query cost budget exhausted: this operation costs ${requested}, ${charge.remaining} points are left. Retry in ${charge.retryAfterSeconds} s.`,
              {
                retryAfter: charge.retryAfterSeconds,
                http: { status: 429, headers: new Map([["retry-after", String(charge.retryAfterSeconds)]]) },
              },
            );
          }
        },
        async willSendResponse({ response }) {
          if (!cost || response.body.kind !== "single") return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: { ...cost, capacity: budget.settings.capacity, restoreRate: budget.settings.restoreRate },
          };
        },
      };
    },
  };
}
