import { fork } from "node:child_process";
import path from "node:path";
import type { MigrationRun } from "./migrator";

/** The migration process's one answer: what it applied, or why it could not. */
export type MigrationProcessAnswer = { applied: string[] } | { failed: string };

/** What the server sends it: the database to migrate. */
export interface MigrationProcessRequest {
  connectionString: string;
}

/** Compiled next to this file: the server runs from `dist/`. */
const entryScript = path.join(__dirname, "migration-process-entry.js");

/**
 * Applies pending migrations (`applyPendingMigrations`) in a Node process of its own, and
 * resolves once that process has exited. Prisma's schema engine is WebAssembly; once it has
 * run, its compiled code and memory (40–60 MB) stay resident for as long as the process lives
 * (its glue keeps the instance in module state), and a server lives long. A process that
 * exits gives all of it back.
 *
 * The connection string travels over the IPC channel, not the command line, where `ps`
 * would show its password. The server's own Node flags (an `--inspect` port, heap settings)
 * are not passed on.
 */
export function applyPendingMigrationsInChildProcess(connectionString: string): Promise<MigrationRun> {
  return new Promise((resolve, reject) => {
    const child = fork(entryScript, [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answer: MigrationProcessAnswer | undefined;
    child.once("message", (message) => {
      answer = message as MigrationProcessAnswer;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (answer && "applied" in answer && code === 0) resolve({ applied: answer.applied, pid: child.pid! });
      else if (answer && "failed" in answer) reject(new Error(answer.failed));
      else
        reject(new Error(`the migration process ended without an answer (${signal ?? `exit code ${code}`})`));
    });
    const request: MigrationProcessRequest = { connectionString };
    child.send(request);
  });
}
