import type { Logger } from "pino";
import { RequestContext } from "../common/request-context";
import type { JobOutcome, PolledWorkDefinition } from "./job";

export interface PollerOptions {
  intervalMs: number;
  /** Items handed to one `runDue`. */
  batchSize: number;
  /** Runs the work's `dueQuery` (on the queue's connections). */
  isDue: (query: string) => Promise<boolean>;
  logger: Logger;
  onOutcome?: (job: string, outcome: JobOutcome) => void;
}

/**
 * Runs one kind of polled work on this node: a pass at once, then one per interval after the
 * last ended. A pass asks whether anything is due (one read), then has the work take batches
 * until one comes back short, so a backlog drains without waiting for the next interval.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly work: PolledWorkDefinition,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Polls no more, and waits up to `timeoutMs` for the pass in flight to end. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([this.pass, new Promise((resolve) => (deadline = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(deadline);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.pass = this.runPass().finally(() => {
        if (!this.stopped) this.schedule(this.options.intervalMs);
      });
    }, delayMs);
  }

  private async runPass(): Promise<void> {
    const { batchSize, isDue, logger, onOutcome } = this.options;
    const { name } = this.work;
    try {
      if (!(await isDue(this.work.dueQuery))) return;
      const ctx = RequestContext.system(name);
      let outcomes: JobOutcome[];
      do {
        outcomes = await this.work.runDue(ctx, batchSize);
        for (const outcome of outcomes) onOutcome?.(name, outcome);
      } while (outcomes.length >= batchSize && !this.stopped);
    } catch (error) {
      // Mostly a database that does not answer for a while: the next pass tries again.
      logger.warn({ err: error, job: name }, "polled work failed; trying again at the next poll");
    }
  }
}
