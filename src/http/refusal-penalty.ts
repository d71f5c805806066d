import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiClientHeaders } from "../auth/viewer-resolver";
import { ErrorCode } from "../graphql/errors";
import type { ClientCostBudget } from "../graphql/limits/cost-budget";

/** Answers that mean "this request should never have been sent": malformed, over a limit, wrong type. */
const refusedStatuses = new Set([400, 413, 415]);

/**
 * Anonymous requests are charged to their IP, as the query cost limiter charges them. A
 * request with a session or an API client's token is not: an API client's storefront shares
 * one IP with all its shoppers, whom its refusals must not lock out.
 */
function anonymousClient(request: FastifyRequest): string | null {
  const { headers } = request;
  return headers.authorization || headers[apiClientHeaders.token] !== undefined ? null : `ip:${request.ip}`;
}

/**
 * A client that keeps sending requests Bazaar refuses (a flood of junk, over-deep or
 * over-costly queries) pays for each with points of its query-cost budget. Once the budget
 * is empty its requests are refused on arrival, before the body is read or parsed: a
 * refusal then costs next to nothing, and the event loop stays free for everyone else.
 *
 * Only anonymous clients (keyed by IP): a signed-in client is charged to its user by the
 * cost limiter, and a shared IP (an office, a mobile carrier) must not lock out its users.
 */
export function registerRefusalPenalty(
  http: FastifyInstance,
  budget: ClientCostBudget,
  penalty: number,
  url = "/graphql",
): void {
  if (penalty <= 0) return;
  const isGraphQL = (request: FastifyRequest) => request.routeOptions.url === url;
  http.addHook("onRequest", async (request, reply) => {
    const client = isGraphQL(request) ? anonymousClient(request) : null;
    if (!client) return;
    const retryAfter = await budget.emptyFor(client);
    if (retryAfter === 0) return;
    const message = `Too many refused requests from this client: its query cost budget is empty. Retry in ${retryAfter} s.`;
    // The body is never read, and the connection closes: a flooding client must reconnect
    // for every request, which slows it down (measured: keeping the connection let the same
    // flood send 60% more requests and doubled the good clients' added latency).
    return reply
      .code(429)
      .header("retry-after", String(retryAfter))
      .header("connection", "close")
      .send({ errors: [{ message, extensions: { code: ErrorCode.RATE_LIMITED, retryAfter } }] });
  });
  http.addHook("onResponse", async (request, reply) => {
    const client = isGraphQL(request) ? anonymousClient(request) : null;
    if (client && refusedStatuses.has(reply.statusCode)) await budget.penalize(client, penalty);
  });
}
