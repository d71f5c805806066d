import type { RequestContext } from "../../common/request-context";
import type { CostBudgets } from "./create-cost-budget";

/** Which budget store pays for a caller's operations, and under which key. */
export interface ChargedBudget {
  store: keyof CostBudgets;
  key: string;
}

/**
 * Who pays: a signed-in user from the user's own bucket, wherever the request comes from (an
 * API client carrying the session too: a user cannot get a second budget by going through
 * one); an API client's shopper (Bazaar-Buyer-IP) from a shopper's bucket of its own under
 * the client; an API client acting for no one from the client's bucket; anyone else from
 * their IP's.
 */
export function chargedBudget(request: RequestContext): ChargedBudget {
  const { viewer } = request;
  if (viewer.userId !== null) return { store: "shopper", key: `user:${viewer.userId}` };
  // An API request always has an address key; Bazaar's own work is never charged.
  const address = request.addressKey ?? "system";
  if (viewer.apiClientId === undefined) return { store: "shopper", key: `ip:${address}` };
  return { store: viewer.buyerIp === undefined ? "apiClient" : "shopper", key: address };
}
