import type { LoginThrottle } from "../../auth/login-throttle";
import type { PasswordHasher } from "../../auth/passwords";
import type { SessionStore } from "../../auth/sessions";
import type { Context } from "../../context";
import { isUniqueViolation } from "../../db/errors";
import type { PrismaClient } from "../../db/prisma-client";
import { badUserInput, conflict, unauthenticated } from "../../graphql/errors";
import type { ChangePasswordInput, LoginInput, RegisterInput } from "./account.inputs";
import { normalizeEmail, parseEmail } from "./email";
import { userSelect, type UserRow } from "./user.type";

export interface SignedIn {
  token: string;
  user: UserRow;
}

const invalidCredentials = "Invalid email or password.";

/** Registration, login, logout and password changes. */
export class AccountService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(ctx: Context, input: RegisterInput): Promise<SignedIn> {
    const email = parseEmail(input.email);
    const name = input.name.trim();
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, name, passwordHash, roles: ["CUSTOMER"] }, select: userSelect });
        const token = await this.sessions.create(tx, user.id, ctx);
        return { token, user };
      });
    } catch (error) {
      if (isUniqueViolation(error, "email")) throw conflict("An account with this email already exists.", "email");
      throw error;
    }
  }

  /**
   * A wrong email and a wrong password fail alike, in the same time: an unknown email is
   * still verified, against a decoy hash. Failures are throttled per email and per IP.
   */
  async login(ctx: Context, input: LoginInput): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    await this.throttle.assertAllowed(email, ctx.ip);
    const account = await this.prisma.user.findUnique({ where: { email }, select: { ...userSelect, passwordHash: true } });
    const valid = await this.passwords.verify(account?.passwordHash ?? null, input.password);
    if (!account || !valid) {
      await this.throttle.recordFailure(email, ctx.ip);
      throw unauthenticated(invalidCredentials);
    }
    const { passwordHash: _hash, ...user } = account;
    const token = await this.sessions.create(this.prisma, user.id, ctx);
    return { token, user };
  }

  async logout(ctx: Context): Promise<boolean> {
    if (ctx.viewer.sessionId) await this.sessions.revoke(ctx.viewer.sessionId);
    return true;
  }

  /** Changes the viewer's password and signs out every OTHER session (this one stays). */
  async changePassword(ctx: Context, input: ChangePasswordInput): Promise<boolean> {
    const userId = ctx.viewer.userId!;
    const account = await this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
    if (!(await this.passwords.verify(account.passwordHash, input.currentPassword))) {
      throw badUserInput("currentPassword is not correct.", "currentPassword");
    }
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      await this.sessions.revokeAllForUser(tx, userId, ctx.viewer.sessionId);
    });
    return true;
  }
}
