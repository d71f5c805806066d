import { errorCodes, startTestApp, type TestApp } from "../helpers/test-app";
import {
  dataOf,
  expectError,
  globalId,
  keyOf,
  me,
  register,
  registerOk,
  sha256,
  uniqueEmail,
} from "./account-flows";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Every password submitted in this file: none may ever appear in a response or the log. */
const submittedPasswords: string[] = [];
function pw(password: string): string {
  submittedPasswords.push(password);
  return password;
}

async function usersWithEmail(email: string): Promise<number> {
  return t.db.prisma.user.count({ where: { email } });
}

describe("register", () => {
  test("creates a customer, signs it in and returns the normalised user", async () => {
    const before = Date.now();
    const res = await register(t, {
      email: "  Grace.HOPPER@Example.COM ",
      password: pw("Cobol-1959!"),
      name: "  Grace Hopper ",
    });
    const { register: payload } = dataOf(res);
    expect(payload.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { email: "grace.hopper@example.com" } });
    expect(payload.user).toEqual({
      id: globalId("User", row.id),
      email: "grace.hopper@example.com",
      name: "Grace Hopper",
      roles: ["CUSTOMER"],
      createdAt: row.createdAt.toISOString(),
    });
    expect(Date.parse(payload.user.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect((await me(t, payload.token)).data).toEqual({ me: payload.user });
  });

  test("stores the password as an argon2id hash with OWASP parameters, never in clear", async () => {
    const account = await registerOk(t, { password: pw("argon-check-pass") });
    const rows = await t.db.prisma.$queryRaw<{ password_hash: string }[]>`
      SELECT password_hash FROM users WHERE id = ${keyOf(account.user.id)}::uuid`;
    expect(rows).toHaveLength(1);
    const hash = rows[0]!.password_hash;
    // PHC string; node-argon2 writes the parameters as m,p,t, so compare them as a set.
    const phc = /^\$argon2id\$v=19\$([^$]+)\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/.exec(hash);
    expect(phc).not.toBeNull();
    const params = Object.fromEntries(phc![1]!.split(",").map((pair) => pair.split("=")));
    expect(params).toEqual({ m: "19456", t: "2", p: "1" });
    expect(hash).not.toContain("argon-check-pass");
  });

  test("stores only the SHA-256 of the session token, with a 30-day expiry", async () => {
    const account = await registerOk(t);
    const rows = await t.db.prisma.$queryRaw<
      { token_hash: Uint8Array; expires_at: Date; revoked_at: Date | null }[]
    >`
      SELECT token_hash, expires_at, revoked_at FROM sessions WHERE user_id = ${keyOf(account.user.id)}::uuid`;
    expect(rows).toHaveLength(1);
    const session = rows[0]!;
    expect(session.token_hash).toHaveLength(32);
    expect(Buffer.from(session.token_hash).equals(Buffer.from(sha256(account.token)))).toBe(true);
    expect(Buffer.from(session.token_hash).toString("utf8")).not.toBe(account.token);
    expect(Buffer.from(session.token_hash).toString("base64url")).not.toBe(account.token);
    expect(session.revoked_at).toBeNull();
    const thirtyDays = 30 * 24 * 3_600_000;
    expect(Math.abs(session.expires_at.getTime() - (Date.now() + thirtyDays))).toBeLessThan(60_000);
  });

  test("each registration gets its own token and its own id", async () => {
    const [a, b] = [await registerOk(t), await registerOk(t)];
    expect(a.token).not.toBe(b.token);
    expect(a.user.id).not.toBe(b.user.id);
  });

  test("folds full-width letters onto ASCII (NFKC)", async () => {
    const { register: payload } = dataOf(await register(t, { email: "ｆｕｌｌ．ｗｉｄｔｈ＠Example.com" }));
    expect(payload.user.email).toBe("full.width@example.com");
  });
});

describe("register: duplicate emails are CONFLICT", () => {
  const taken = "ada.dup@example.com";
  beforeAll(async () => {
    await registerOk(t, { email: taken });
  });

  test.each([
    ["the same spelling", taken],
    ["upper case and surrounding whitespace", "  ADA.Dup@EXAMPLE.com\t"],
    ["full-width look-alike letters", "ａｄａ.ｄｕｐ@ｅｘａｍｐｌｅ.ｃｏｍ"],
    ["a full-width @ and dot", "ada.dup＠example．com"],
  ])("%s", async (_label, email) => {
    const res = await register(t, { email, password: pw("another-password-1") });
    expectError(res, "CONFLICT", "email");
    expect(res.errors?.[0]?.message).toBe("An account with this email already exists.");
    expect(res.data ?? null).toBeNull();
    expect(await usersWithEmail(taken)).toBe(1);
  });

  test("a composed and a decomposed accent are the same email", async () => {
    await registerOk(t, { email: "jos\u00e9@example.com" });
    expectError(await register(t, { email: "jose\u0301@example.com" }), "CONFLICT", "email");
    expect(await usersWithEmail("jos\u00e9@example.com")).toBe(1);
  });

  test("concurrent registrations of one email: exactly one succeeds, the rest CONFLICT", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([1, 2, 3].map(() => register(t, { email })));
    const outcomes = results.map((res) => (res.errors ? res.errors[0]?.extensions?.code : "OK")).sort();
    expect(outcomes).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    expect(await usersWithEmail(email)).toBe(1);
  });
});

describe("register: bad input is BAD_USER_INPUT naming the field", () => {
  test.each([
    ["no @", "not-an-email"],
    ["no top-level domain", "ada@localhost"],
    ["empty", ""],
    ["only whitespace", "   "],
    ["a space inside", "ada lovelace@example.com"],
    ["two @", "ada@@example.com"],
    ["longer than 254 characters", `${"a".repeat(64)}@${"b".repeat(186)}.com`],
  ])("email: %s", async (_label, email) => {
    const res = await register(t, { email });
    expectError(res, "BAD_USER_INPUT", "email");
    expect(res.data ?? null).toBeNull();
  });

  test.each([
    ["7 characters", "Sh0rt!x"],
    ["129 characters", `Long-${"x".repeat(124)}`],
    ["empty", ""],
  ])("password: %s", async (_label, password) => {
    const email = uniqueEmail("badpw");
    const res = await register(t, { email, password: pw(password) });
    expectError(res, "BAD_USER_INPUT", "password");
    expect(res.errors?.[0]?.message).toContain("between 8 and 128 characters");
    if (password !== "") expect(JSON.stringify(res)).not.toContain(password);
    expect(await usersWithEmail(email)).toBe(0);
  });

  test("passwords of exactly 8 and 128 characters are accepted", async () => {
    for (const password of [pw("Eight8!!"), pw(`L${"y".repeat(127)}`)]) {
      const { register: payload } = dataOf(await register(t, { password }));
      expect(payload.user.roles).toEqual(["CUSTOMER"]);
    }
  });

  test.each([
    ["empty", ""],
    ["blank", "  \t "],
    ["longer than 100 characters", "n".repeat(101)],
  ])("name: %s", async (_label, name) => {
    const email = uniqueEmail("badname");
    expectError(await register(t, { email, name }), "BAD_USER_INPUT", "name");
    expect(await usersWithEmail(email)).toBe(0);
  });

  test("several bad fields are all named, and the password is not echoed", async () => {
    const res = await register(t, { email: "nope", password: pw("tiny-pw"), name: " " });
    expectError(res, "BAD_USER_INPUT");
    const fields = (res.errors?.[0]?.extensions?.fields as { field: string }[] | undefined)?.map(
      (f) => f.field,
    );
    expect(fields).toEqual(expect.arrayContaining(["password", "name"]));
    expect(JSON.stringify(res)).not.toContain("tiny-pw");
  });

  // graphql-js quotes the whole offending variable in coercion errors, password included.
  test.each([
    ["a missing field", { email: "coerce@example.com", password: "hunter2-coercion-secret" }],
    [
      "an unknown field",
      { email: "coerce@example.com", password: "hunter2-coercion-secret", name: "C", admin: true },
    ],
  ])("variables with %s are BAD_USER_INPUT without echoing the password", async (_label, input) => {
    pw(input.password);
    const res = await t.graphql("mutation ($input: RegisterInput!) { register(input: $input) { token } }", {
      input,
    });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(JSON.stringify(res)).not.toContain(input.password);
  });

  test("a missing argument is refused by GraphQL validation", async () => {
    const res = await t.graphql(
      'mutation { register(input: { email: "x@example.com", name: "X" }) { token } }',
    );
    expect(errorCodes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });
});

test("no submitted password ever reaches the log", () => {
  expect(submittedPasswords.length).toBeGreaterThan(5);
  const log = JSON.stringify(t.logs);
  for (const password of submittedPasswords.filter((p) => p.length > 0)) expect(log).not.toContain(password);
});
