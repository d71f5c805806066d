import type { Redis } from "ioredis";

/** Past this many drained clients heard of, those whose window has ended are forgotten. */
const pruneAbove = 10_000;

/** What a node announces when it sees a client's shared budget run dry. */
interface DrainedNotice {
  client: string;
  /** Milliseconds until the budget's window ends (and it is full again), as of sending. */
  msLeft: number;
}

function parseNotice(message: string): DrainedNotice | undefined {
  try {
    const notice = JSON.parse(message) as Partial<DrainedNotice>;
    if (typeof notice.client === "string" && typeof notice.msLeft === "number" && notice.msLeft > 0)
      return { client: notice.client, msLeft: notice.msLeft };
  } catch {
    // Not a notice of ours: ignored.
  }
  return undefined;
}

/**
 * Which clients' shared query-cost budgets are empty, known on this node without asking
 * Redis, so that the on-arrival check of every request is not a round trip. The node that
 * sees a budget run dry (Redis answered a charge or a penalty with no point left) announces
 * it on a Redis channel with the time left in the budget's window; every node (itself too)
 * keeps the notice until then. A drained budget stays empty until its window ends (a refused
 * charge gives back only what it took), and then it is full: the notice is exact, give or
 * take the time it took to arrive (it is kept that much longer on the other nodes).
 *
 * Notices sent before this node subscribed were not heard. So until a whole window has
 * passed since it subscribed (every budget drained earlier has refilled by then), and
 * whenever its subscription is down, `emptyFor` answers `undefined` for a client it has no
 * notice of: the caller must ask Redis, as it must when Redis itself is down.
 */
export class DrainedClients {
  /** Client → when (this node's clock) its budget is full again. */
  private readonly until = new Map<string, number>();
  private listeningSince: number | undefined;

  constructor(
    private readonly publisher: Redis,
    subscriber: Redis,
    private readonly channel: string,
    private readonly windowMs: number,
  ) {
    subscriber.on("ready", () => {
      subscriber.subscribe(channel).then(
        () => void (this.listeningSince = Date.now()),
        // The connection dropped again: the next `ready` subscribes.
        () => undefined,
      );
    });
    subscriber.on("close", () => void (this.listeningSince = undefined));
    subscriber.on("message", (from: string, message: string) => {
      const notice = from === channel ? parseNotice(message) : undefined;
      if (notice) this.note(notice.client, Date.now() + notice.msLeft);
    });
  }

  /**
   * Seconds until `client`'s budget holds a point again when it is known to be empty; 0 when
   * it cannot be (this node would have heard); `undefined` when only Redis knows.
   */
  emptyFor(client: string, now = Date.now()): number | undefined {
    const until = this.until.get(client);
    if (until !== undefined && until > now) return Math.ceil((until - now) / 1000);
    if (until !== undefined) this.until.delete(client);
    const heardEverything = this.listeningSince !== undefined && now - this.listeningSince >= this.windowMs;
    return heardEverything ? 0 : undefined;
  }

  /**
   * Redis said `client`'s budget is empty for `msLeft` more milliseconds, in answer to a
   * command sent at `askedAt`: noted until `askedAt + msLeft`, which is never after the
   * window really ends (Redis measured `msLeft` later).
   */
  heardOf(client: string, msLeft: number, askedAt: number): void {
    this.note(client, askedAt + msLeft);
  }

  /**
   * As `heardOf`, for the command that drained the budget: also tells every node, once per
   * window. Resolves when Redis has passed the notice on, so that a client answered after it
   * finds every node knowing.
   */
  async drained(client: string, msLeft: number, askedAt: number): Promise<void> {
    const now = Date.now();
    if ((this.until.get(client) ?? 0) > now) return;
    const until = askedAt + msLeft;
    if (until <= now) return;
    this.note(client, until);
    const notice: DrainedNotice = { client, msLeft: until - now };
    try {
      await this.publisher.publish(this.channel, JSON.stringify(notice));
    } catch {
      // Redis did not take it: a node that missed it lets this client's next request past
      // the arrival check, and learns from Redis's answer to its charge or penalty.
    }
  }

  private note(client: string, until: number): void {
    this.until.set(client, Math.max(until, this.until.get(client) ?? 0));
    if (this.until.size <= pruneAbove) return;
    const now = Date.now();
    for (const [known, end] of this.until) if (end <= now) this.until.delete(known);
  }
}
