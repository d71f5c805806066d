import type { LoginThrottle } from "../../auth/login-throttle";
import type { PasswordHasher } from "../../auth/passwords";
import type { SessionStore } from "../../auth/sessions";
import type { RequestContext } from "../../common/request-context";
import { isUniqueViolation } from "../../db/errors";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import { badUserInput, conflict, unauthenticated } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { mergeGuestCartInto } from "../cart/cart-merge";
import type { ChangePasswordInput, LoginInput, RegisterInput } from "./account.inputs";
import { normalizeEmail, parseEmail } from "./email";
import { userSelect, type UserRow } from "./user.type";

export interface SignedIn {
  token: string;
  user: UserRow;
}

const invalidCredentials = "Invalid email or password.";

function parseGuestCartId(cartId: string | null | undefined): string | null {
  return cartId ? keyFromGlobalId(cartId, "Cart", "cartId") : null;
}

/**
 * Signing in with a guest cart merges it into the customer's cart. Only a GUEST cart can
 * be taken over; any other id (someone's cart, a deleted one) is ignored, so a stale id in
 * a browser never blocks a login.
 */
async function mergeGuestCart(ctx: RequestContext, guestCartKey: string, userId: string): Promise<void> {
  const guest = await transactionOf(ctx).cart.findUnique({
    where: { id: guestCartKey },
    select: { userId: true },
  });
  if (guest && guest.userId === null) await mergeGuestCartInto(ctx, guestCartKey, userId);
}

/** Registration, login, logout and password changes. */
export class AccountService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(ctx: RequestContext, input: RegisterInput): Promise<SignedIn> {
    const email = parseEmail(input.email);
    const name = input.name.trim();
    const guestCartKey = parseGuestCartId(input.cartId);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.transactions.withTransaction(ctx, async (ctx) => {
        const tx = transactionOf(ctx);
        const user = await tx.user.create({
          data: { email, name, passwordHash, roles: ["CUSTOMER"] },
          select: userSelect,
        });
        const token = await this.sessions.create(tx, user.id, ctx);
        if (guestCartKey) await mergeGuestCart(ctx, guestCartKey, user.id);
        return { token, user };
      });
    } catch (error) {
      if (isUniqueViolation(error, "email"))
        throw conflict("An account with this email already exists.", "email");
      throw error;
    }
  }

  /**
   * A wrong email and a wrong password fail alike, in the same time: an unknown email is
   * still verified, against a decoy hash. Failures are throttled per email and per IP.
   */
  async login(ctx: RequestContext, input: LoginInput): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const guestCartKey = parseGuestCartId(input.cartId);
    // Bazaar's own work has no address: its attempts share one bucket, as one client. An API
    // client's shoppers are counted under the client, each apart (`addressKey`).
    const attempt = await this.throttle.begin(email, ctx.addressKey ?? `system:${ctx.requestId}`);
    const account = await this.prisma.user.findUnique({
      where: { email },
      select: { ...userSelect, passwordHash: true },
    });
    const valid = await this.passwords.verify(account?.passwordHash ?? null, input.password);
    if (!account || !valid) throw unauthenticated(invalidCredentials);
    await this.throttle.succeeded(attempt);
    const { passwordHash: _hash, ...user } = account;
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const token = await this.sessions.create(transactionOf(ctx), user.id, ctx);
      if (guestCartKey) await mergeGuestCart(ctx, guestCartKey, user.id);
      return { token, user };
    });
  }

  async logout(ctx: RequestContext): Promise<boolean> {
    if (ctx.viewer.sessionId) await this.sessions.revoke(ctx.viewer.sessionId);
    return true;
  }

  /** Changes the viewer's password and signs out every OTHER session (this one stays). */
  async changePassword(ctx: RequestContext, input: ChangePasswordInput): Promise<boolean> {
    const userId = ctx.viewer.userId!;
    const account = await this.prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { passwordHash: true },
    });
    if (!(await this.passwords.verify(account.passwordHash, input.currentPassword))) {
      throw badUserInput("currentPassword is not correct.", "currentPassword");
    }
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      await this.sessions.revokeAllForUser(tx, userId, ctx.viewer.sessionId);
      // Reset links already emailed were for the old password: they die with it.
      await tx.passwordResetToken.updateMany({
        where: { userId, usedAt: null },
        data: { usedAt: new Date() },
      });
    });
    return true;
  }
}
