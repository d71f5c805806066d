import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  expectError,
  keyOf,
  login,
  loginOk,
  me,
  registerOk,
  sha256,
  uniqueEmail,
  type Account,
} from "./account-flows";

let t: TestApp;
let ada: Account;
beforeAll(async () => {
  t = await startTestApp();
  ada = await registerOk(t, { email: "ada.login@example.com", password: "analytical engine", name: "Ada" });
});
afterAll(async () => {
  await t.close();
});

async function sessionCount(account: Account): Promise<number> {
  return t.db.prisma.session.count({ where: { userId: keyOf(account.user.id) } });
}

describe("login", () => {
  test("returns a new session token and the user", async () => {
    const before = await sessionCount(ada);
    const payload = await loginOk(t, ada.email, ada.password);
    expect(payload.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.token).not.toBe(ada.token);
    expect(payload.user).toEqual(ada.user);
    expect(await sessionCount(ada)).toBe(before + 1);
    // Both sessions are live at once.
    expect((await me(t, payload.token)).data).toEqual({ me: ada.user });
    expect((await me(t, ada.token)).data).toEqual({ me: ada.user });
  });

  test("records the client's address and user agent on the new session", async () => {
    const res = await login(t, ada.email, ada.password, { "user-agent": "BazaarTest/1.0 (jest)" });
    const token = res.data?.login.token ?? "";
    const session = await t.db.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(session).toMatchObject({
      userId: keyOf(ada.user.id),
      userAgent: "BazaarTest/1.0 (jest)",
      revokedAt: null,
    });
    expect(session.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  test.each([
    ["upper case", "ADA.LOGIN@EXAMPLE.COM"],
    ["surrounding whitespace", " \tada.login@example.com \n"],
    ["full-width letters", "ａｄａ.ｌｏｇｉｎ@ｅｘａｍｐｌｅ.ｃｏｍ"],
  ])("accepts the email in another spelling: %s", async (_label, email) => {
    const payload = await loginOk(t, email, ada.password);
    expect(payload.user.id).toBe(ada.user.id);
  });

  test("wrong password and unknown email fail with the same error", async () => {
    const wrongPassword = await login(t, ada.email, "analytical engine!");
    const unknownEmail = await login(t, uniqueEmail("nobody"), ada.password);
    expectError(wrongPassword, "UNAUTHENTICATED");
    expect(wrongPassword.errors?.[0]?.message).toBe("Invalid email or password.");
    expect(wrongPassword.data ?? null).toBeNull();
    expect(unknownEmail.errors).toEqual(wrongPassword.errors);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.data ?? null).toBeNull();
  });

  test("passwords are compared exactly (case and whitespace matter)", async () => {
    expectError(await login(t, ada.email, "Analytical Engine"), "UNAUTHENTICATED");
    expectError(await login(t, ada.email, " analytical engine"), "UNAUTHENTICATED");
    expectError(await login(t, ada.email, ""), "UNAUTHENTICATED");
  });

  test("a failed login starts no session", async () => {
    const before = await sessionCount(ada);
    expectError(await login(t, ada.email, "not the password"), "UNAUTHENTICATED");
    expect(await sessionCount(ada)).toBe(before);
  });

  test("an unknown email costs about as much time as a wrong password (decoy hash)", async () => {
    const timeOf = async (email: string, password: string): Promise<number> => {
      const start = performance.now();
      expectError(await login(t, email, password), "UNAUTHENTICATED");
      return performance.now() - start;
    };
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const wrong: number[] = [];
    const unknown: number[] = [];
    const victim = await registerOk(t);
    for (let i = 0; i < 5; i += 1) {
      wrong.push(await timeOf(victim.email, `wrong-${i}-password`));
      unknown.push(await timeOf(uniqueEmail("ghost"), "whatever-password"));
    }
    // Without the decoy an unknown email skips argon2 (~30 ms) and answers in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  test("a password over 128 characters is BAD_USER_INPUT and is not echoed", async () => {
    const long = `Very-long-${"z".repeat(125)}`;
    const res = await login(t, ada.email, long);
    expectError(res, "BAD_USER_INPUT", "password");
    expect(JSON.stringify(res)).not.toContain(long);
  });

  test("an email over 254 characters is BAD_USER_INPUT", async () => {
    expectError(await login(t, `${"e".repeat(250)}@example.com`, ada.password), "BAD_USER_INPUT", "email");
  });

  test("login while signed in as another user signs in as the new one; a forged token is refused first", async () => {
    const other = await registerOk(t);
    const res = await t.graphql<{ login: { user: { id: string } } }>(
      "mutation ($input: LoginInput!) { login(input: $input) { user { id } } }",
      { input: { email: ada.email, password: ada.password } },
      { token: other.token },
    );
    expect(res.data?.login.user.id).toBe(ada.user.id);
    const forged = await t.graphql(
      "mutation ($input: LoginInput!) { login(input: $input) { token } }",
      { input: { email: ada.email, password: ada.password } },
      { token: "F".repeat(43) },
    );
    expect(forged.status).toBe(401);
    expectError(forged, "UNAUTHENTICATED");
  });
});
