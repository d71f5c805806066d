import "reflect-metadata";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { buildApp, type App } from "./app";
import { ConfigError, loadConfig, readProcessEnvironment, type Config } from "./config";
import { openDatabase, DatabaseUnavailableError, type Database } from "./db/database";
import { applyPendingMigrationsInChildProcess } from "./db/migrations/migration-process";
import { seedDemoShop } from "./db/seed/demo-shop";
import { limitHeapGrowth } from "./heap-growth";
import { createLogger } from "./logger";
import { startTracing, type Tracing } from "./observability/tracing";

/** Start-up failures an operator can fix get one plain line on stderr and exit code 1. */
function exitWithError(message: string): never {
  process.stderr.write(`bazaar: ${message}\n`);
  process.exit(1);
}

function stopOnSignals(
  config: Config,
  logger: Logger,
  app: App,
  db: Database,
  tracing: Tracing | undefined,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections or jobs, finishing those in flight");
    // A hung request must not keep a deploy waiting for ever.
    setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await app.http.close();
    await db.close();
    // Last: the spans of the requests that just finished are exported before the process ends.
    await tracing?.shutdown();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  limitHeapGrowth();
  let config: Config;
  try {
    config = loadConfig(readProcessEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) exitWithError(`invalid configuration: ${error.message}`);
    throw error;
  }
  const logger = createLogger(config);
  if (config.isProduction && config.unsetSharedSecrets.length > 0) {
    logger.warn(
      { unset: config.unsetSharedSecrets },
      `${config.unsetSharedSecrets.join(" and ")} unset: this process made up its own, so a second node would not accept what it signs`,
    );
  }
  // Before the database: its statements are traced from the first.
  const tracing = startTracing(config.tracing);

  let db: Database;
  try {
    db = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      tracer: tracing?.tracer,
      // Not in this process: the schema engine's memory would stay with the server for good.
      migrate: applyPendingMigrationsInChildProcess,
    });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) exitWithError(error.message);
    throw error;
  }
  logger.info(
    {
      database: db.embedded ? `embedded (${config.dataDir})` : "postgresql",
      appliedMigrations: db.appliedMigrations,
      migrationPid: db.migrationPid,
    },
    "database ready",
  );
  if (config.seedDemo) await seedDemoShop(db.prisma, logger, config.currencyCode, config.shipping);

  const { prisma, pool, statements } = db;
  const app = await buildApp({ config, prisma, pool, statements, logger, tracer: tracing?.tracer });
  try {
    await app.jobs.start();
  } catch (error) {
    await db.close();
    exitWithError(`cannot start the job queue: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    await app.http.listen({ port: config.port, host: config.host });
  } catch (error) {
    await db.close();
    exitWithError(
      `cannot listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  stopOnSignals(config, logger, app, db, tracing);
  const port = (app.http.server.address() as { port: number }).port;
  const serving =
    config.role === "worker"
      ? `Bazaar is running jobs (health and metrics at http://${config.host}:${port})`
      : `Bazaar is serving GraphQL at http://${config.host}:${port}/graphql${config.role === "api" ? " (jobs run on workers)" : ""}`;
  logger.info(
    {
      role: config.role,
      startupMs: Math.round(performance.now() - startedAt),
      traces: config.tracing?.url ?? "off",
    },
    serving,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bazaar: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
