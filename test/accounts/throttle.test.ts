import type { GraphQLResponse, TestApp } from "../helpers/test-app";
import { startTestApp } from "../helpers/test-app";
import { expectError, login, loginOk, registerOk, uniqueEmail, type Account } from "./account-flows";

/** Moves every recorded failed login of `email` `minutesAgo` into the past. */
async function ageFailures(t: TestApp, email: string, minutesAgo: number): Promise<void> {
  await t.db.prisma.$executeRaw`
    UPDATE login_failures SET created_at = now() - make_interval(mins => ${minutesAgo}::int) WHERE email = ${email}`;
}

function retryAfterOf(res: GraphQLResponse<unknown>): unknown {
  return res.errors?.[0]?.extensions?.retryAfter;
}

async function failLogins(t: TestApp, email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1)
    expectError(await login(t, email, `wrong-password-${i}`), "UNAUTHENTICATED");
}

describe("per-email throttle (defaults: 10 failures per 15 minutes)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  test("after 10 failures the right password is RATE_LIMITED too, with retryAfter in seconds", async () => {
    const victim = await registerOk(t);
    await failLogins(t, victim.email, 10);
    const blocked = await login(t, victim.email, victim.password);
    expectError(blocked, "RATE_LIMITED");
    expect(blocked.data ?? null).toBeNull();
    const retryAfter = retryAfterOf(blocked);
    expect(typeof retryAfter).toBe("number");
    expect(retryAfter).toBeGreaterThan(15 * 60 - 30);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.errors?.[0]?.message).toBe(
      `Too many failed logins. Try again in ${String(retryAfter)} seconds.`,
    );
    // The limit is per account, whatever the spelling of its email.
    expectError(await login(t, ` ${victim.email.toUpperCase()} `, victim.password), "RATE_LIMITED");
  });

  test("nine failures still let the right password in", async () => {
    const account = await registerOk(t);
    await failLogins(t, account.email, 9);
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
  });

  test("the block is per email: another account from the same address still logs in", async () => {
    const victim = await registerOk(t);
    const bystander = await registerOk(t);
    await failLogins(t, victim.email, 10);
    expectError(await login(t, victim.email, victim.password), "RATE_LIMITED");
    expect((await loginOk(t, bystander.email, bystander.password)).user.id).toBe(bystander.user.id);
  });

  test("unknown emails are throttled exactly like real ones", async () => {
    const ghost = uniqueEmail("ghost");
    await failLogins(t, ghost, 10);
    expectError(await login(t, ghost, "any-password"), "RATE_LIMITED");
  });

  test("the window slides: retryAfter follows the oldest counted failure, and the block lifts", async () => {
    const victim = await registerOk(t);
    await failLogins(t, victim.email, 10);
    await ageFailures(t, victim.email, 14);
    const blocked = await login(t, victim.email, victim.password);
    expectError(blocked, "RATE_LIMITED");
    expect(retryAfterOf(blocked)).toBeGreaterThan(30);
    expect(retryAfterOf(blocked)).toBeLessThanOrEqual(60);
    await ageFailures(t, victim.email, 16);
    expect((await loginOk(t, victim.email, victim.password)).user.id).toBe(victim.user.id);
  });

  test("once blocked, a further attempt is refused after one read and writes nothing", async () => {
    const victim = await registerOk(t);
    await failLogins(t, victim.email, 10);
    const rows = await t.db.prisma.loginFailure.count({ where: { email: victim.email } });
    const before = t.db.statements.count;
    const blocked = await login(t, victim.email, "yet another guess");
    expectError(blocked, "RATE_LIMITED");
    expect(retryAfterOf(blocked)).toBeGreaterThan(15 * 60 - 30);
    expect(t.db.statements.count - before).toBe(1);
    expect(await t.db.prisma.loginFailure.count({ where: { email: victim.email } })).toBe(rows);
  });

  test("concurrent guesses cannot get more than 10 password checks past the limit", async () => {
    const victim: Account = await registerOk(t);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(t, victim.email, `parallel-guess-${i}`)),
    );
    const codes = results.map((res) => res.errors?.[0]?.extensions?.code);
    expect(codes.every((code) => code === "UNAUTHENTICATED" || code === "RATE_LIMITED")).toBe(true);
    // Each UNAUTHENTICATED answer is one password actually tried.
    expect(codes.filter((code) => code === "UNAUTHENTICATED").length).toBeLessThanOrEqual(10);
  });
});

describe("per-IP throttle (BAZAAR_LOGIN_MAX_FAILURES_PER_IP=3)", () => {
  let t: TestApp;
  let account: Account;
  beforeAll(async () => {
    t = await startTestApp({ BAZAAR_LOGIN_MAX_FAILURES_PER_IP: "3" });
    account = await registerOk(t);
  });
  afterAll(async () => {
    await t.close();
  });

  test("failures spread over many emails block the address, even for a correct login", async () => {
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
    for (let i = 0; i < 3; i += 1)
      expectError(await login(t, uniqueEmail("spray"), "guess-password"), "UNAUTHENTICATED");
    const blocked = await login(t, account.email, account.password);
    expectError(blocked, "RATE_LIMITED");
    expect(typeof retryAfterOf(blocked)).toBe("number");
    expect(retryAfterOf(blocked)).toBeGreaterThan(15 * 60 - 30);
  });

  test("a spoofed X-Forwarded-For does not escape the limit (no trusted proxy)", async () => {
    const res = await login(t, account.email, account.password, { "x-forwarded-for": "203.0.113.7" });
    expectError(res, "RATE_LIMITED");
  });

  test("the address is unblocked once its failures leave the window", async () => {
    await t.db.prisma.$executeRaw`UPDATE login_failures SET created_at = now() - interval '16 minutes'`;
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
  });
});
