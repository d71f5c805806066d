import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { LogRecord } from "./test-app";

/** How a server process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcessOptions {
  /** Shown before each of its log lines. */
  name: string;
  /** The compiled `main.js` (see server-build.ts). */
  mainScript: string;
  /** Its whole environment (nothing is inherited but PATH and HOME); PORT is set here. */
  env: Record<string, string>;
  /** Whether /readyz must report Redis up before the process counts as started. */
  waitForRedis: boolean;
  /** Receives every line the process writes (stdout and stderr), as written. */
  onLine: (name: string, line: string) => void;
}

/** How long a process may take from spawn to ready (a loaded 2-core machine is slow). */
const startTimeoutMs = 30_000;

/** Processes still running: killed when the test worker exits (unless it is itself killed with SIGKILL). */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Fastify's line (level info) once the server listens, e.g. `Server listening at http://127.0.0.1:41807`. */
const listeningLine = /^Server listening at http:\/\/[^:]+:(\d+)$/;

function parse(line: string): LogRecord | undefined {
  try {
    const record = JSON.parse(line) as unknown;
    return typeof record === "object" && record !== null ? (record as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One Bazaar server as a real process (`node main.js`), started and restarted on the same
 * port: the first start listens on a port the OS picks (PORT=0, read back from its log),
 * later ones on that port again, so its URL stays valid across kills and restarts.
 */
export class ServerProcess {
  /** Every JSON log line it wrote, over all its runs, parsed. */
  readonly logs: LogRecord[] = [];
  private child: ChildProcess | undefined;
  private exit: Promise<ProcessExit> | undefined;
  private port = 0;

  constructor(private readonly options: ServerProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** http://127.0.0.1:<port>; known once it has started. */
  get baseUrl(): string {
    if (this.port === 0) throw new Error(`${this.name} has not started yet`);
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the process is running now. */
  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until it listens and /readyz answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, [this.options.mainScript], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...this.options.env,
        PORT: String(this.port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    running.add(child);
    this.exit = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve({ code, signal });
      }),
    );
    let announcedPort: number | undefined;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on("line", (line) => {
        this.options.onLine(this.name, line);
        const record = parse(line);
        if (!record) return;
        this.logs.push(record);
        const match = listeningLine.exec(String(record.msg));
        if (match) announcedPort = Number(match[1]);
      });
    }
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (this.child !== child)
        throw new Error(`${this.name} exited while starting (${JSON.stringify(await this.exit)})`);
      if (announcedPort !== undefined && (await this.isReady(announcedPort))) break;
      if (Date.now() > deadline) {
        await this.kill("SIGKILL");
        throw new Error(`${this.name} was not ready within ${startTimeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.port = announcedPort;
  }

  private async isReady(port: number): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { redis?: string };
      return response.ok && (!this.options.waitForRedis || body.redis === "up");
    } catch {
      return false;
    }
  }

  /** Sends `signal` and waits for the process to end (at once when it is not running). */
  async kill(signal: "SIGKILL" | "SIGTERM"): Promise<ProcessExit | undefined> {
    if (!this.child) return undefined;
    this.child.kill(signal);
    return this.exit;
  }
}
