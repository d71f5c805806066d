import type { PrismaClient } from "../db/prisma-client";
import { rateLimited } from "../graphql/errors";

export interface LoginThrottleSettings {
  windowMinutes: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
}

/** A login attempt in progress: counted as a failure unless it is marked a success. */
export interface LoginAttempt {
  id: bigint;
  email: string;
}

/**
 * Slows password guessing: after too many failed logins for one email, or from one IP,
 * within a sliding window, further attempts are refused with RATE_LIMITED until the oldest
 * failure leaves the window. Failures live in the database so the limit holds across
 * restarts and across instances behind a load balancer.
 *
 * An attempt is recorded BEFORE its password is checked, and counted with the others: a
 * burst of parallel guesses cannot all slip past the check while none is recorded yet.
 * An email or IP that is already over its limit (every attempt of a running attack) is
 * refused after one read, before anything is written.
 */
export class LoginThrottle {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: LoginThrottleSettings,
  ) {}

  private windowStart(): Date {
    return new Date(Date.now() - this.settings.windowMinutes * 60_000);
  }

  /**
   * @param ip the caller's IP, or through an API client the client's key for it (`RequestContext.addressKey`).
   * @throws RATE_LIMITED (with `retryAfter` seconds) when this email or IP is over its limit.
   */
  async begin(email: string, ip: string): Promise<LoginAttempt> {
    const since = this.windowStart();
    // Already blocked: with this attempt counted, the row the check below would find beyond
    // the limit is the limit-th newest failure there already is. Same answer, no writes.
    const { maxFailuresPerEmail, maxFailuresPerIp } = this.settings;
    const [already] = await this.prisma.$queryRaw<{ byEmail: Date | null; byIp: Date | null }[]>`
      SELECT (SELECT created_at FROM login_failures WHERE email = ${email} AND created_at > ${since}
              ORDER BY created_at DESC OFFSET ${maxFailuresPerEmail - 1} LIMIT 1) AS "byEmail",
             (SELECT created_at FROM login_failures WHERE ip = ${ip} AND created_at > ${since}
              ORDER BY created_at DESC OFFSET ${maxFailuresPerIp - 1} LIMIT 1) AS "byIp"`;
    this.refuseIfBlocked(already?.byEmail ?? null, already?.byIp ?? null);
    const [attempt] = await this.prisma.$transaction([
      this.prisma.loginFailure.create({ data: { email, ip }, select: { id: true } }),
      // Old failures no longer count: drop them so the table stays the size of one window.
      this.prisma.loginFailure.deleteMany({ where: { createdAt: { lt: since } } }),
    ]);
    const [byEmail, byIp] = await Promise.all([
      this.blockingFailure({ email, createdAt: { gt: since } }, this.settings.maxFailuresPerEmail),
      this.blockingFailure({ ip, createdAt: { gt: since } }, this.settings.maxFailuresPerIp),
    ]);
    if (byEmail || byIp) {
      await this.prisma.loginFailure.delete({ where: { id: attempt.id } });
      this.refuseIfBlocked(byEmail, byIp);
    }
    return { id: attempt.id, email };
  }

  /** RATE_LIMITED until the later of the blocking failures leaves the window; nothing when neither blocks. */
  private refuseIfBlocked(byEmail: Date | null, byIp: Date | null): void {
    const blockedSince = [byEmail, byIp]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (!blockedSince) return;
    const unblockAt = blockedSince.getTime() + this.settings.windowMinutes * 60_000;
    const retryAfter = Math.max(1, Math.ceil((unblockAt - Date.now()) / 1000));
    throw rateLimited(`Too many failed logins. Try again in ${retryAfter} seconds.`, retryAfter);
  }

  /**
   * With this attempt counted, a row beyond the first `limit` (newest first) means the
   * caller is over the limit; that row's expiry is what lifts the block. Null when under.
   */
  private async blockingFailure(
    where: { email?: string; ip?: string; createdAt: { gt: Date } },
    limit: number,
  ): Promise<Date | null> {
    const rows = await this.prisma.loginFailure.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: limit,
      take: 1,
      select: { createdAt: true },
    });
    return rows[0]?.createdAt ?? null;
  }

  /** The password was right: this attempt and the email's earlier failures stop counting. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.prisma.loginFailure.deleteMany({
      where: { OR: [{ id: attempt.id }, { email: attempt.email }] },
    });
  }
}
