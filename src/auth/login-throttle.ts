import type { PrismaClient } from "../db/prisma-client";
import { rateLimited } from "../graphql/errors";

export interface LoginThrottleSettings {
  windowMinutes: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
}

/**
 * Slows password guessing: after too many failed logins for one email, or from one IP,
 * within a sliding window, further attempts are refused with RATE_LIMITED until the oldest
 * failure leaves the window. Failures live in the database so the limit holds across
 * restarts and across instances behind a load balancer.
 */
export class LoginThrottle {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: LoginThrottleSettings,
  ) {}

  private windowStart(): Date {
    return new Date(Date.now() - this.settings.windowMinutes * 60_000);
  }

  /** @throws RATE_LIMITED (with `retryAfter` seconds) when this email or IP is over its limit. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const since = this.windowStart();
    const [byEmail, byIp] = await Promise.all([
      this.oldestCountedFailure({ email, createdAt: { gt: since } }, this.settings.maxFailuresPerEmail),
      this.oldestCountedFailure({ ip, createdAt: { gt: since } }, this.settings.maxFailuresPerIp),
    ]);
    const blockedSince = [byEmail, byIp].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    if (blockedSince) {
      const unblockAt = blockedSince.getTime() + this.settings.windowMinutes * 60_000;
      const retryAfter = Math.max(1, Math.ceil((unblockAt - Date.now()) / 1000));
      throw rateLimited(`Too many failed logins. Try again in ${retryAfter} seconds.`, retryAfter);
    }
  }

  /**
   * When at least `limit` failures match, the time of the failure whose expiry lifts the
   * block (the limit-th newest); null when under the limit.
   */
  private async oldestCountedFailure(
    where: { email?: string; ip?: string; createdAt: { gt: Date } },
    limit: number,
  ): Promise<Date | null> {
    const rows = await this.prisma.loginFailure.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: limit - 1,
      take: 1,
      select: { createdAt: true },
    });
    return rows[0]?.createdAt ?? null;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.loginFailure.create({ data: { email, ip } }),
      // Old failures no longer count: drop them so the table stays the size of one window.
      this.prisma.loginFailure.deleteMany({ where: { createdAt: { lt: this.windowStart() } } }),
    ]);
  }
}
