import type { Logger } from "pino";
import type { PrismaClient } from "../db/prisma-client";

/** `lastUsedAt` is this coarse: a busy client must not turn every request into a write. */
const intervalMs = 60_000;
/** Past this many clients remembered, those not written for an interval are forgotten. */
const pruneAbove = 10_000;

/**
 * Keeps `api_clients.last_used_at` within a minute of the truth, writing it at most once a
 * minute per client whatever the traffic: each node remembers when it last wrote a client's
 * row and skips it for a minute (no statement at all), and the write itself is conditional,
 * so that N nodes add up to one write a minute, not N (a second node's UPDATE waits on the
 * first's row lock, then re-checks the condition and changes nothing).
 */
export class ApiClientLastUse {
  /** Client id → when this node last wrote (or tried to write) its row. */
  private readonly writtenAt = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  /**
   * The client was just used. Never fails: a lost write only makes `lastUsedAt` older, which
   * must not cost the request that used the client.
   */
  async used(clientId: string, now = Date.now()): Promise<void> {
    const last = this.writtenAt.get(clientId);
    if (last !== undefined && now - last < intervalMs) return;
    this.writtenAt.set(clientId, now);
    if (this.writtenAt.size > pruneAbove) this.prune(now);
    try {
      await this.prisma.$executeRaw`
        UPDATE api_clients SET last_used_at = now()
        WHERE id = ${clientId}::uuid
          AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
    } catch (error) {
      this.logger.warn({ err: error, apiClientId: clientId }, "could not record an API client's last use");
    }
  }

  private prune(now: number): void {
    for (const [clientId, at] of this.writtenAt) if (now - at >= intervalMs) this.writtenAt.delete(clientId);
  }
}
