import type { MigrationProcessAnswer, MigrationProcessRequest } from "./migration-process";
import { applyPendingMigrations } from "./migrator";

/**
 * The migration process (see migration-process.ts): applies pending migrations to the
 * database it is sent, answers once, and exits at once, so that nothing it holds (a
 * timer, a socket winding down) keeps the server waiting.
 */
process.once("message", (request: MigrationProcessRequest) => {
  void applyPendingMigrations(request.connectionString)
    .then(
      (applied): MigrationProcessAnswer => ({ applied }),
      (error: unknown): MigrationProcessAnswer => ({
        failed: error instanceof Error ? error.message : String(error),
      }),
    )
    .then((answer) => {
      // A server that went away meanwhile cannot be answered: exit all the same.
      process.send!(answer, () => process.exit("applied" in answer ? 0 : 1));
    });
});
