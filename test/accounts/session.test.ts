import { randomBytes } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  dataOf,
  expectError,
  expectRefusedToken,
  grantRoles,
  keyOf,
  loginOk,
  logout,
  me,
  registerOk,
  sha256,
  type Account,
} from "./account-flows";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function setExpiry(token: string, expiresAt: Date): Promise<void> {
  const { count } = await t.db.prisma.session.updateMany({
    where: { tokenHash: sha256(token) },
    data: { expiresAt },
  });
  expect(count).toBe(1);
}

describe("me", () => {
  test("is null without an Authorization header", async () => {
    const res = await me(t);
    expect(res).toEqual({ status: 200, data: { me: null } });
  });

  test("is the signed-in user with a valid token", async () => {
    const account = await registerOk(t, { name: "Me Myself" });
    const res = await me(t, account.token);
    expect(res).toEqual({ status: 200, data: { me: account.user } });
  });

  test("accepts the scheme in any case and extra spaces around the token", async () => {
    const account = await registerOk(t);
    for (const header of [
      `bearer ${account.token}`,
      `BEARER   ${account.token}`,
      `Bearer ${account.token}  `,
    ]) {
      expect((await me(t, undefined, { authorization: header })).data).toEqual({ me: account.user });
    }
  });

  test("sees role changes on the next request", async () => {
    const account = await registerOk(t);
    await grantRoles(t, account, ["CUSTOMER", "STAFF"]);
    expect(dataOf(await me(t, account.token)).me?.roles).toEqual(["CUSTOMER", "STAFF"]);
  });
});

describe("bearer tokens that are not valid sessions are refused with HTTP 401", () => {
  let account: Account;
  beforeAll(async () => {
    account = await registerOk(t);
  });

  test.each([
    ["the scheme alone", () => "Bearer"],
    ["Basic credentials", () => `Basic ${Buffer.from("ada:secret").toString("base64")}`],
    ["a token without a scheme", () => account.token],
    ["another scheme", () => `Token ${account.token}`],
    ["two tokens", () => `Bearer ${account.token} ${account.token}`],
    ["a token one character short", () => `Bearer ${account.token.slice(1)}`],
    ["a token with padding", () => `Bearer ${account.token}=`],
    ["non-base64url characters", () => `Bearer ${"+".repeat(43)}`],
    ["a very long token", () => `Bearer ${"a".repeat(5000)}`],
  ])("malformed header: %s", async (_label, header) => {
    const res = await me(t, undefined, { authorization: header() });
    expectRefusedToken(res);
    expect(res.errors?.[0]?.message).toBe("The Authorization header must be `Bearer <session token>`.");
  });

  test("an unknown (forged) token of the right shape", async () => {
    const forged = randomBytes(32).toString("base64url");
    const res = await me(t, forged);
    expectRefusedToken(res);
    expect(res.errors?.[0]?.message).toBe("The session token is invalid, expired or revoked. Log in again.");
  });

  test("a real token with one character changed", async () => {
    const last = account.token.at(-1) === "A" ? "B" : "A";
    expectRefusedToken(await me(t, `${account.token.slice(0, -1)}${last}`));
  });

  test("the SHA-256 hash stored in the database, sent as a token", async () => {
    expectRefusedToken(await me(t, Buffer.from(sha256(account.token)).toString("base64url")));
  });

  test("an expired token, even on a query that needs no sign-in", async () => {
    const session = await loginOk(t, account.email, account.password);
    await setExpiry(session.token, new Date(Date.now() - 1000));
    expectRefusedToken(await me(t, session.token));
    expectRefusedToken(await t.graphql("{ __typename }", {}, { token: session.token }));
    // The account's other session is unaffected.
    expect(dataOf(await me(t, account.token)).me?.id).toBe(account.user.id);
  });

  test("a token about to expire still works", async () => {
    const session = await loginOk(t, account.email, account.password);
    await setExpiry(session.token, new Date(Date.now() + 60_000));
    expect(dataOf(await me(t, session.token)).me?.id).toBe(account.user.id);
  });

  test("the token of a deleted account", async () => {
    const doomed = await registerOk(t);
    await t.db.prisma.user.delete({ where: { id: keyOf(doomed.user.id) } });
    expectRefusedToken(await me(t, doomed.token));
  });
});

describe("logout", () => {
  test("anonymous: UNAUTHENTICATED", async () => {
    const res = await logout(t);
    expectError(res, "UNAUTHENTICATED");
    expect(res.status).toBe(200);
    expect(res.data ?? null).toBeNull();
  });

  test("revokes the calling session only", async () => {
    const account = await registerOk(t);
    const other = await loginOk(t, account.email, account.password);
    expect(await logout(t, account.token)).toEqual({ status: 200, data: { logout: true } });

    const revoked = await me(t, account.token);
    expectRefusedToken(revoked);
    expect(revoked.errors?.[0]?.message).toBe(
      "The session token is invalid, expired or revoked. Log in again.",
    );
    expect(dataOf(await me(t, other.token)).me?.id).toBe(account.user.id);

    const rows = await t.db.prisma.session.findMany({
      where: { userId: keyOf(account.user.id) },
      select: { tokenHash: true, revokedAt: true },
    });
    const revokedAt = (token: string): Date | null | undefined =>
      rows.find((row) => Buffer.from(row.tokenHash).equals(Buffer.from(sha256(token))))?.revokedAt;
    expect(revokedAt(account.token)).toBeInstanceOf(Date);
    expect(revokedAt(other.token)).toBeNull();
  });

  test("a revoked token cannot log out again, nor be used anonymously", async () => {
    const account = await registerOk(t);
    expect(dataOf(await logout(t, account.token)).logout).toBe(true);
    expectRefusedToken(await logout(t, account.token));
    expectRefusedToken(await t.graphql("{ __typename }", {}, { token: account.token }));
  });

  test("logging in again after logout gives a working new session", async () => {
    const account = await registerOk(t);
    await logout(t, account.token);
    const again = await loginOk(t, account.email, account.password);
    expect(dataOf(await me(t, again.token)).me).toEqual(account.user);
  });
});
