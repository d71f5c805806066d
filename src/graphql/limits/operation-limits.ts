import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { RequestContext } from "../../common/request-context";
import type { Config } from "../../config";
import { BazaarError, ErrorCode } from "../errors";
import { chargedBudget } from "./budget-key";
import type { CostBudgetSettings } from "./cost-budget";
import type { CostBudgets } from "./create-cost-budget";
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

/** An operation about to run, parsed and validated, and who runs it. */
export interface LimitedOperation {
  operation: OperationDefinitionNode;
  document: DocumentNode;
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  request: RequestContext;
}

/** What an operation spent, and the size of the budget it was charged to (each response reports both). */
export interface SpentCost extends CostBudgetSettings {
  requested: number;
  remaining: number;
}

/** The cost spent (or, when refused, what is left), and the refusal when the budget cannot pay. */
export interface Admission {
  cost: SpentCost;
  refusal: BazaarError | null;
}

/**
 * The limits every operation meets, over HTTP and over WebSocket alike: its shape against
 * the configured maximums and its cost against the per-operation maximum (both refused with
 * QUERY_TOO_COMPLEX), then its cost charged to the client's budget (see `chargedBudget`),
 * which may refuse it with RATE_LIMITED.
 */
export class OperationLimits {
  /** One parsed document per query text (Apollo's cache): its shape is measured once. */
  private readonly shapes = new WeakMap<OperationDefinitionNode, OperationShape>();

  constructor(
    private readonly limits: Config["limits"],
    readonly budgets: CostBudgets,
  ) {}

  /** @throws QUERY_TOO_COMPLEX when the operation is too big to run at all. */
  async admit({ operation, document, schema, variables, request }: LimitedOperation): Promise<Admission> {
    const { limits } = this;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    let shape = this.shapes.get(operation);
    if (!shape) this.shapes.set(operation, (shape = measureOperation(operation, fragments)));
    for (const { measure, limit, what } of shapeLimits) {
      if (shape[measure] > limits[limit]) {
        throw tooComplex(
          `The operation has ${shape[measure]} ${what}; at most ${limits[limit]} are allowed (over by ${shape[measure] - limits[limit]}).`,
          { limit, actual: shape[measure], maximum: limits[limit] },
        );
      }
    }
    const requested = operationCost(schema, operation, fragments, variables);
    if (requested > limits.maxQueryCost) {
      throw tooComplex(
        `The operation costs ${requested} points; at most ${limits.maxQueryCost} are allowed per request (over by ${requested - limits.maxQueryCost}).`,
        { limit: "maxQueryCost", actual: requested, maximum: limits.maxQueryCost },
      );
    }
    const { store, key } = chargedBudget(request);
    const budget = this.budgets[store];
    const charge = await budget.charge(key, requested);
    const cost = { requested, remaining: charge.remaining, ...budget.settings };
    if (charge.allowed) return { cost, refusal: null };
    const refusal = new BazaarError(
      ErrorCode.RATE_LIMITED,
      `Query cost budget exhausted: this operation costs ${requested}, ${charge.remaining} points are left. Retry in ${charge.retryAfterSeconds} s.`,
      {
        retryAfter: charge.retryAfterSeconds,
        http: { status: 429, headers: new Map([["retry-after", String(charge.retryAfterSeconds)]]) },
      },
    );
    return { cost, refusal };
  }
}
