import {
  changePassword,
  login,
  loginOk,
  me,
  meOf,
  registerOk,
  requestPasswordReset,
  resetPassword,
  sha256,
  uniqueEmail,
  type Account,
} from "../../helpers/accounts";
import { keyOf } from "../../helpers/ids";
import { latestResetToken, sentMail, waitForMail } from "../../helpers/mail";
import { dataOf, expectError, expectRefusedToken } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();

const invalidResetToken = "The reset token is invalid, expired or already used.";

async function passwordHashOf(account: Account): Promise<string> {
  return (await t.db.prisma.user.findUniqueOrThrow({ where: { id: keyOf(account.user.id) } })).passwordHash;
}

/** Registers an account and asks for a reset email; returns the emailed token. */
async function accountWithResetToken(): Promise<{ account: Account; resetToken: string }> {
  const account = await registerOk(t);
  expect(dataOf(await requestPasswordReset(t, account.email)).requestPasswordReset).toBe(true);
  return { account, resetToken: await latestResetToken(t, account.email) };
}

describe("changePassword", () => {
  test("anonymous: UNAUTHENTICATED; forged token: 401", async () => {
    expectError(await changePassword(t, undefined, "whatever-pass", "new-password-1"), "UNAUTHENTICATED");
    expectRefusedToken(await changePassword(t, "Q".repeat(43), "whatever-pass", "new-password-1"));
  });

  test("changes the password, keeps the current session and ends every other one", async () => {
    const account = await registerOk(t);
    const [other1, other2] = [
      await loginOk(t, account.email, account.password),
      await loginOk(t, account.email, account.password),
    ];
    const hashBefore = await passwordHashOf(account);
    expect(await changePassword(t, account.token, account.password, "brand-new-secret")).toEqual({
      status: 200,
      data: { changePassword: true },
    });
    expect(dataOf(await me(t, account.token))).toEqual(meOf(account));
    expectRefusedToken(await me(t, other1.token));
    expectRefusedToken(await me(t, other2.token));
    expectError(await login(t, account.email, account.password), "UNAUTHENTICATED");
    expect((await loginOk(t, account.email, "brand-new-secret")).user.id).toBe(account.user.id);
    const hashAfter = await passwordHashOf(account);
    expect(hashAfter).not.toBe(hashBefore);
    expect(hashAfter).toMatch(/^\$argon2id\$v=19\$/);
  });

  test("a wrong current password is BAD_USER_INPUT and changes nothing", async () => {
    const account = await registerOk(t);
    const other = await loginOk(t, account.email, account.password);
    const res = await changePassword(t, account.token, "not-my-password", "brand-new-secret");
    expectError(res, "BAD_USER_INPUT", "currentPassword");
    expect(res.data ?? null).toBeNull();
    expect(JSON.stringify(res)).not.toContain("not-my-password");
    expect(dataOf(await me(t, other.token)).me?.id).toBe(account.user.id);
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
  });

  test.each([
    ["newPassword", "7 characters", "Tiny!7x"],
    ["newPassword", "129 characters", `Huge-${"h".repeat(124)}`],
    ["currentPassword", "129 characters", `Cur-${"c".repeat(125)}`],
  ])("%s of %s is BAD_USER_INPUT and is not echoed", async (field, _label, value) => {
    const account = await registerOk(t);
    const [current, next] = field === "newPassword" ? [account.password, value] : [value, "brand-new-secret"];
    const res = await changePassword(t, account.token, current, next);
    expectError(res, "BAD_USER_INPUT", field);
    expect(JSON.stringify(res)).not.toContain(value);
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
  });
});

describe("requestPasswordReset", () => {
  test("emails a one-time link to the account's normalised address", async () => {
    const account = await registerOk(t);
    const res = await requestPasswordReset(t, `  ${account.email.toUpperCase()} `);
    expect(res).toEqual({ status: 200, data: { requestPasswordReset: true } });
    const mails = await waitForMail(t, 1, account.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: account.email, subject: "Reset your Bazaar password" });
    expect(mails[0]!.text).toMatch(/http:\/\/localhost:3000\/reset-password\?token=[A-Za-z0-9_-]{43}\n/);
  });

  test("stores only the token's SHA-256, expiring in 30 minutes", async () => {
    const { account, resetToken } = await accountWithResetToken();
    const rows = await t.db.prisma.$queryRaw<
      { token_hash: Uint8Array; expires_at: Date; used_at: Date | null }[]
    >`
      SELECT token_hash, expires_at, used_at FROM password_reset_tokens WHERE user_id = ${keyOf(account.user.id)}::uuid`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toHaveLength(32);
    expect(Buffer.from(rows[0]!.token_hash).equals(Buffer.from(sha256(resetToken)))).toBe(true);
    expect(rows[0]!.used_at).toBeNull();
    expect(Math.abs(rows[0]!.expires_at.getTime() - (Date.now() + 30 * 60_000))).toBeLessThan(60_000);
  });

  test("answers true for an unknown email, exactly as for a known one, and sends nothing", async () => {
    const known = await registerOk(t);
    const sentBefore = sentMail(t).length;
    const unknownEmail = uniqueEmail("nobody");
    const unknown = await requestPasswordReset(t, unknownEmail);
    expect(unknown).toEqual(await requestPasswordReset(t, known.email));
    expect(unknown).toEqual({ status: 200, data: { requestPasswordReset: true } });
    await waitForMail(t, 1, known.email);
    expect(sentMail(t, unknownEmail)).toEqual([]);
    expect(sentMail(t).length).toBe(sentBefore + 1);
    expect(await t.db.prisma.passwordResetToken.count({ where: { user: { email: unknownEmail } } })).toBe(0);
  });

  test("an email over 254 characters is BAD_USER_INPUT", async () => {
    expectError(await requestPasswordReset(t, `${"r".repeat(250)}@example.com`), "BAD_USER_INPUT", "email");
  });
});

describe("resetPassword", () => {
  test("sets the new password, ends every session and signs in with a new one", async () => {
    const { account, resetToken } = await accountWithResetToken();
    const other = await loginOk(t, account.email, account.password);
    const { resetPassword: payload } = dataOf(await resetPassword(t, resetToken, "after-the-reset"));
    expect(payload.user).toEqual(account.user);
    expect(payload.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(dataOf(await me(t, payload.token))).toEqual(meOf(account));
    expectRefusedToken(await me(t, account.token));
    expectRefusedToken(await me(t, other.token));
    expectError(await login(t, account.email, account.password), "UNAUTHENTICATED");
    expect((await loginOk(t, account.email, "after-the-reset")).user.id).toBe(account.user.id);
    expect(await passwordHashOf(account)).toMatch(/^\$argon2id\$v=19\$/);
  });

  test("works once: a reused token is BAD_USER_INPUT", async () => {
    const { resetToken } = await accountWithResetToken();
    dataOf(await resetPassword(t, resetToken, "first-new-password"));
    const again = await resetPassword(t, resetToken, "second-new-password");
    expectError(again, "BAD_USER_INPUT", "token");
    expect(again.errors?.[0]?.message).toBe(invalidResetToken);
    expect(again.data ?? null).toBeNull();
  });

  test("an expired token is BAD_USER_INPUT and changes nothing", async () => {
    const { account, resetToken } = await accountWithResetToken();
    await t.db.prisma.$executeRaw`
      UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ${keyOf(account.user.id)}::uuid`;
    const res = await resetPassword(t, resetToken, "too-late-password");
    expectError(res, "BAD_USER_INPUT", "token");
    expect(res.errors?.[0]?.message).toBe(invalidResetToken);
    expect(dataOf(await me(t, account.token)).me?.id).toBe(account.user.id);
    expect((await loginOk(t, account.email, account.password)).user.id).toBe(account.user.id);
  });

  test.each([
    ["a made-up token", "A".repeat(43)],
    ["not a token at all", "not-a-token"],
    ["empty", ""],
    ["over 200 characters", "x".repeat(201)],
  ])("%s is BAD_USER_INPUT naming token", async (_label, token) => {
    expectError(await resetPassword(t, token, "whatever-password"), "BAD_USER_INPUT", "token");
  });

  test("using one link kills the other links sent earlier", async () => {
    const { account, resetToken: first } = await accountWithResetToken();
    dataOf(await requestPasswordReset(t, account.email));
    const second = await latestResetToken(t, account.email);
    expect(second).not.toBe(first);
    dataOf(await resetPassword(t, second, "from-the-second-link"));
    expectError(await resetPassword(t, first, "from-the-first-link"), "BAD_USER_INPUT", "token");
    expect((await loginOk(t, account.email, "from-the-second-link")).user.id).toBe(account.user.id);
  });

  test("a bad new password is BAD_USER_INPUT, not echoed, and does not use up the token", async () => {
    const { account, resetToken } = await accountWithResetToken();
    const res = await resetPassword(t, resetToken, "Short7!");
    expectError(res, "BAD_USER_INPUT", "newPassword");
    expect(JSON.stringify(res)).not.toContain("Short7!");
    expect(JSON.stringify(res)).not.toContain(resetToken);
    expect(dataOf(await resetPassword(t, resetToken, "long-enough-now")).resetPassword.user.id).toBe(
      account.user.id,
    );
  });

  test("two concurrent resets with one token: exactly one succeeds", async () => {
    const { account, resetToken } = await accountWithResetToken();
    const results = await Promise.all([
      resetPassword(t, resetToken, "racer-one-pass"),
      resetPassword(t, resetToken, "racer-two-pass"),
    ]);
    const outcomes = results.map((res) => (res.errors ? res.errors[0]?.extensions?.code : "OK")).sort();
    expect(outcomes).toEqual(["BAD_USER_INPUT", "OK"]);
    const winner = results.findIndex((res) => !res.errors);
    const password = winner === 0 ? "racer-one-pass" : "racer-two-pass";
    expect((await loginOk(t, account.email, password)).user.id).toBe(account.user.id);
  });
});
