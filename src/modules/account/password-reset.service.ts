import { createOpaqueToken, hashOpaqueToken } from "../../auth/opaque-token";
import type { PasswordHasher } from "../../auth/passwords";
import type { SessionStore } from "../../auth/sessions";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import { badUserInput } from "../../graphql/errors";
import type { JobDefinition } from "../../jobs/job";
import type { JobQueue } from "../../jobs/job-queue";
import { mailJob, type MailPayload } from "../../mail/mail.job";
import type { MailTransport } from "../../mail/mail-transport";
import type { SignedIn } from "./account.service";
import { normalizeEmail } from "./email";
import { userSelect } from "./user.type";

export interface PasswordResetSettings {
  ttlMinutes: number;
  /** Storefront page the emailed link opens, with `?token=…` appended. */
  resetUrl: string;
}

const invalidToken = "The reset token is invalid, expired or already used.";

/**
 * "Forgot password": one-time tokens, hashed at rest, sent by email. The email is a job
 * enqueued in the transaction that stores the token, so a token is mailed if and only if it
 * was stored, and a mail transport that fails is retried without the caller waiting on it.
 */
export class PasswordResetService {
  private readonly mail: JobDefinition<MailPayload>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    mailer: MailTransport,
    private readonly jobs: JobQueue,
    private readonly settings: PasswordResetSettings,
  ) {
    // The email holds the token itself (only its hash is stored): its job row goes soon after.
    this.mail = jobs.define(mailJob(mailer, { name: "password-reset-mail", keepSentSeconds: 60 }));
  }

  /**
   * Emails a reset link when the account exists. Always answers true, so the answer never
   * tells whether an email is registered.
   */
  async request(ctx: RequestContext, rawEmail: string): Promise<true> {
    const user = await this.prisma.user.findUnique({
      where: { email: normalizeEmail(rawEmail) },
      select: { id: true, email: true },
    });
    if (!user) return true;
    const { token, hash } = createOpaqueToken();
    const link = `${this.settings.resetUrl}?token=${token}`;
    await this.transactions.withTransaction(ctx, async (ctx) => {
      await transactionOf(ctx).passwordResetToken.create({
        data: {
          userId: user.id,
          tokenHash: hash,
          expiresAt: new Date(Date.now() + this.settings.ttlMinutes * 60_000),
        },
      });
      await this.jobs.enqueue(ctx, this.mail, {
        to: user.email,
        subject: "Reset your Bazaar password",
        text: `Someone asked to reset the password of your account. To choose a new one, open\n${link}\nwithin ${this.settings.ttlMinutes} minutes. If it was not you, ignore this email.`,
      });
    });
    return true;
  }

  /** Sets a new password with a reset token; ends every session and starts a new one. */
  async reset(ctx: RequestContext, token: string, newPassword: string): Promise<SignedIn> {
    const found = await this.prisma.passwordResetToken.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
      select: { id: true, userId: true, usedAt: true, expiresAt: true },
    });
    if (!found || found.usedAt !== null || found.expiresAt.getTime() <= Date.now()) {
      throw badUserInput(invalidToken, "token");
    }
    const passwordHash = await this.passwords.hash(newPassword);
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      // Claiming the token with a conditional update makes two concurrent resets with
      // the same token succeed at most once.
      const now = new Date();
      const claimed = await tx.passwordResetToken.updateMany({
        where: { id: found.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw badUserInput(invalidToken, "token");
      // Older links sent to the same inbox die with this one.
      await tx.passwordResetToken.updateMany({
        where: { userId: found.userId, usedAt: null },
        data: { usedAt: now },
      });
      const user = await tx.user.update({
        where: { id: found.userId },
        data: { passwordHash },
        select: userSelect,
      });
      await this.sessions.revokeAllForUser(tx, user.id);
      return { token: await this.sessions.create(tx, user.id, ctx), user };
    });
  }
}
