import { randomBytes } from "node:crypto";
import {
  addAddress,
  login,
  loginOk,
  logout,
  me,
  register,
  registerOk,
  requestPasswordReset,
  resetPassword,
  sha256,
  uniqueEmail,
  type Account,
} from "../helpers/accounts";
import { latestResetToken } from "../helpers/mail";
import { dataOf, expectError, expectRefusedToken } from "../helpers/results";
import { useTestApp } from "../helpers/test-app";
import { expectNulRefused, fullWidth, snapshot, type DataSnapshot } from "./hostile-flows";

/**
 * Expired, forged and revoked bearer tokens (401 UNAUTHENTICATED, never
 * anonymous); 50 wrong passwords in a row (10 checked, then RATE_LIMITED); reset-token
 * reuse; Unicode look-alike spellings of a registered email (NFKC, NFC/NFD, case, spaces).
 */

const t = useTestApp();
let holder: Account;
let victim: Account;
let resetter: Account;
let ascii: Account;
let accented: Account;
let accentedNfd: Account;
let baseline: DataSnapshot;

beforeAll(async () => {
  [holder, victim, resetter] = [await registerOk(t), await registerOk(t), await registerOk(t)];
  ascii = await registerOk(t, { email: uniqueEmail("look.alike") });
  accented = await registerOk(t, { email: uniqueEmail("jos\u00e9") });
  accentedNfd = await registerOk(t, { email: uniqueEmail("ren\u00e9e").normalize("NFD") });
  baseline = await snapshot(t);
});

const invalidSession = "The session token is invalid, expired or revoked. Log in again.";
const malformedHeader = "The Authorization header must be `Bearer <session token>`.";

describe("bearer tokens that are not live sessions: 401 UNAUTHENTICATED, nothing runs", () => {
  const sessions: Record<string, () => Promise<[string, string]>> = {
    expired: async () => {
      const { token } = await loginOk(t, holder.email, holder.password);
      await t.db.prisma.session.updateMany({
        where: { tokenHash: sha256(token) },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      return [token, invalidSession];
    },
    revoked: async () => {
      const { token } = await loginOk(t, holder.email, holder.password);
      expect(dataOf(await logout(t, token)).logout).toBe(true);
      return [token, invalidSession];
    },
    "forged (random, of the right shape)": async () => [
      randomBytes(32).toString("base64url"),
      invalidSession,
    ],
    "forged (an unsigned JWT claiming admin)": async () => [
      `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"admin","roles":["ADMIN"]}').toString("base64url")}.`,
      malformedHeader,
    ],
    "forged (10 KB)": async () => ["A".repeat(10 * 1024), malformedHeader],
  };

  test.each(Object.keys(sessions))("%s", async (kind) => {
    const [token, message] = await sessions[kind]!();
    const read = await me(t, token);
    expectRefusedToken(read);
    expect(read.errors?.[0]?.message).toBe(message);
    const write = await addAddress(t, token, { fullName: "Token Forger" });
    expectRefusedToken(write);
    expect(await t.db.prisma.address.count({ where: { fullName: "Token Forger" } })).toBe(0);
  });
});

describe("50 wrong passwords in a row", () => {
  test("the first 10 are checked (UNAUTHENTICATED), the other 40 RATE_LIMITED with retryAfter; then the right password is refused too", async () => {
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await login(t, victim.email, `wrong guess ${i}`));
    for (const answer of answers.slice(0, 10)) {
      expect(answer.status).toBe(200);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
        ["Invalid email or password.", "UNAUTHENTICATED"],
      ]);
    }
    for (const answer of [...answers.slice(10), await login(t, victim.email, victim.password)]) {
      expect(answer.status).toBe(200);
      expect(answer.data ?? null).toBeNull();
      expectError(answer, "RATE_LIMITED");
      const retryAfter = answer.errors?.[0]?.extensions?.retryAfter;
      expect(typeof retryAfter).toBe("number");
      expect(retryAfter).toBeGreaterThan(15 * 60 - 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(answer.errors?.[0]?.message).toBe(
        `Too many failed logins. Try again in ${String(retryAfter)} seconds.`,
      );
    }
  });

  test("another account on the same address still signs in", async () => {
    expect((await loginOk(t, holder.email, holder.password)).user.id).toBe(holder.user.id);
  });
});

describe("password-reset tokens are single-use", () => {
  const reused = "The reset token is invalid, expired or already used.";

  test("a used token: BAD_USER_INPUT naming token, and the second password does not take", async () => {
    dataOf(await requestPasswordReset(t, resetter.email));
    const token = await latestResetToken(t, resetter.email);
    dataOf(await resetPassword(t, token, "first new password"));
    const again = await resetPassword(t, token, "second new password");
    expectError(again, "BAD_USER_INPUT", "token");
    expect(again.errors?.[0]?.message).toBe(reused);
    expect((await loginOk(t, resetter.email, "first new password")).user.id).toBe(resetter.user.id);
  });

  test("the same token raced twice succeeds once", async () => {
    dataOf(await requestPasswordReset(t, resetter.email));
    const token = await latestResetToken(t, resetter.email);
    const answers = await Promise.all([
      resetPassword(t, token, "raced password one"),
      resetPassword(t, token, "raced password two"),
    ]);
    expect(answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? "OK").sort()).toEqual([
      "BAD_USER_INPUT",
      "OK",
    ]);
  });

  test("a forged token: BAD_USER_INPUT naming token", async () => {
    const forged = await resetPassword(t, randomBytes(32).toString("base64url"), "forged new password");
    expectError(forged, "BAD_USER_INPUT", "token");
    expect(forged.errors?.[0]?.message).toBe(reused);
  });
});

describe("Unicode look-alike spellings of a registered email: CONFLICT", () => {
  const mathBold = (text: string): string =>
    text.replace(/[a-z]/g, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97));
  const spellings: [string, () => string][] = [
    ["upper case", () => ascii.email.toUpperCase()],
    ["surrounding spaces and a tab", () => `  ${ascii.email}\t`],
    ["full-width forms", () => fullWidth(ascii.email)],
    ["full-width capitals", () => fullWidth(ascii.email.toUpperCase())],
    ["mathematical bold letters", () => mathBold(ascii.email)],
    ["NFD of an address registered in NFC", () => accented.email.normalize("NFD")],
    ["NFD capitals", () => accented.email.normalize("NFD").toUpperCase()],
    ["full-width NFD", () => fullWidth(accented.email.normalize("NFD"))],
    ["NFC of an address registered in NFD", () => accentedNfd.email.normalize("NFC")],
  ];

  test.each(spellings)("%s", async (_label, spelling) => {
    const response = await register(t, { email: spelling(), password: "another password" });
    expectError(response, "CONFLICT", "email");
    expect(response.errors?.[0]?.message).toBe("An account with this email already exists.");
  });

  test("addresses are stored in one spelling (NFC, lower case), whatever was typed", async () => {
    expect(accentedNfd.user.email).toBe(accentedNfd.email.normalize("NFC"));
    expect(await t.db.prisma.user.count({ where: { email: accentedNfd.email } })).toBe(0);
  });

  test("a look-alike spelling signs in to the same account", async () => {
    expect((await loginOk(t, fullWidth(ascii.email.toUpperCase()), ascii.password)).user.id).toBe(
      ascii.user.id,
    );
  });
});

describe("NUL characters in account inputs: BAD_USER_INPUT, never a masked database error", () => {
  test("login email", async () => {
    expectNulRefused(await login(t, `${holder.email}\u0000`, holder.password), "email");
  });

  test("register name", async () => {
    expectNulRefused(await register(t, { name: "Nul\u0000Name" }), "name");
  });

  test("requestPasswordReset email", async () => {
    expectNulRefused(await requestPasswordReset(t, `\u0000${holder.email}`), "email");
  });

  test("addAddress fullName", async () => {
    expectNulRefused(await addAddress(t, holder.token, { fullName: "Ada\u0000" }), "fullName");
  });
});

describe("after the hostile requests", () => {
  test("a normal request still works and no data changed", async () => {
    expect(dataOf(await me(t, holder.token)).me?.id).toBe(holder.user.id);
    expect(await snapshot(t)).toEqual(baseline);
  });
});
