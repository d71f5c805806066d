import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ClientCostBudget } from "../graphql/limits/cost-budget";
import { registerRefusalPenalty } from "../http/refusal-penalty";

export interface RefusalPenaltyOptions {
  /** The budget the GraphQL cost limiter charges: a refused request costs the same points. */
  budget: ClientCostBudget;
  /** Points taken per refused request; 0 turns the penalty off. */
  penalty: number;
}

async function refusalPenalty(
  http: FastifyInstance,
  { budget, penalty }: RefusalPenaltyOptions,
): Promise<void> {
  registerRefusalPenalty(http, budget, penalty);
}

/**
 * Anonymous clients pay for refused GraphQL requests, and are turned away on arrival once
 * their budget is empty (src/http/refusal-penalty.ts). Its `onRequest` hook must be the
 * first one that does work (only tracing's, which starts the request's span, may come before):
 * `bazaar-browser-security` depends on this plugin so that CORS never runs first.
 */
export const refusalPenaltyPlugin = fp(refusalPenalty, { name: "bazaar-refusal-penalty", fastify: "5.x" });
