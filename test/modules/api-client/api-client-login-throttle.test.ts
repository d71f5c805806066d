import { login, registerOk, uniqueEmail } from "../../helpers/accounts";
import { asClient, seedApiClient } from "../../helpers/api-clients";
import { errorCodes, type RequestOptions } from "../../helpers/graphql-client";
import { dataOf } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

/**
 * Failed logins behind a storefront client: with Bazaar-Buyer-IP they count per shopper
 * under the client (`client:<id>:buyer:<ip>`), so one shopper guessing passwords is throttled
 * alone; without it, or without the client token (the header then ignored), they count for
 * the one address all requests come from. A small per-address limit here: 3 failures.
 */

const t = useTestApp({ BAZAAR_LOGIN_MAX_FAILURES_PER_IP: "3" });

/** Failed logins on fresh emails (so only the per-address limit can refuse), as `options` says. */
async function failedLogins(times: number, options: RequestOptions): Promise<(string | undefined)[]> {
  const codes = [];
  for (let i = 0; i < times; i++)
    codes.push(errorCodes(await login(t, uniqueEmail("guess"), "wrong password", options))[0]);
  return codes;
}

test("a guessing shopper is throttled alone: the client's other shoppers and direct callers still log in", async () => {
  const client = await seedApiClient(t);
  const guesser = asClient(client.token, { buyerIp: "198.51.100.9" });
  expect(await failedLogins(4, guesser)).toEqual([
    "UNAUTHENTICATED",
    "UNAUTHENTICATED",
    "UNAUTHENTICATED",
    "RATE_LIMITED",
  ]);
  const shopper = await registerOk(t);
  const other = asClient(client.token, { buyerIp: "198.51.100.10" });
  expect(dataOf(await login(t, shopper.email, shopper.password, other)).login.user.id).toBe(shopper.user.id);
  expect(dataOf(await login(t, shopper.email, shopper.password)).login.user.id).toBe(shopper.user.id);

  const counted = await t.db.prisma.loginFailure.groupBy({ by: ["ip"], _count: true });
  expect(counted).toEqual([{ ip: `client:${client.key}:buyer:198.51.100.9`, _count: 3 }]);
});

test("the same client naming no buyer is one address: its failures add up", async () => {
  const client = await seedApiClient(t);
  expect(await failedLogins(4, asClient(client.token))).toEqual([
    "UNAUTHENTICATED",
    "UNAUTHENTICATED",
    "UNAUTHENTICATED",
    "RATE_LIMITED",
  ]);
});

test("without a client token Bazaar-Buyer-IP is ignored: every guess counts for the caller's own IP", async () => {
  const codes = await failedLogins(4, { headers: { "bazaar-buyer-ip": "203.0.113.50" } });
  expect(codes).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
  expect(await t.db.prisma.loginFailure.count({ where: { ip: "203.0.113.50" } })).toBe(0);
  // This IP is blocked now; a client's shoppers coming through it are counted apart.
  const client = await seedApiClient(t);
  expect(await failedLogins(1, asClient(client.token, { buyerIp: "203.0.113.50" }))).toEqual([
    "UNAUTHENTICATED",
  ]);
});
