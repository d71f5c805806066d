import type { Tracer } from "@opentelemetry/api";
import pg from "pg";
import { tracedPool } from "../observability/sql-spans";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { applyPendingMigrations, type MigrationRun } from "./migrations/migrator";
import { StatementCounter } from "./statement-counter";
import { createPrismaClient, type PrismaClient } from "./prisma-client";

export interface DatabaseOptions {
  /** A real PostgreSQL server; absent starts the embedded one. */
  url?: string | undefined;
  /** Where the embedded database persists; in memory when absent. */
  dataDir?: string | undefined;
  /** Connections to a real server (the embedded one is a single session: always 1). */
  poolSize: number;
  /** Gives each statement a span (see src/observability/sql-spans.ts); absent: none. */
  tracer?: Tracer | undefined;
  /**
   * Brings the schema up to date; by default in this process. The server runs it in a
   * process of its own (see migrations/migration-process.ts); tools and tests, which run
   * from the TypeScript sources or exit soon anyway, in theirs.
   */
  migrate?: ((connectionString: string) => Promise<MigrationRun>) | undefined;
}

async function migrateInThisProcess(connectionString: string): Promise<MigrationRun> {
  return { applied: await applyPendingMigrations(connectionString), pid: process.pid };
}

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  connectionString: string;
  embedded: boolean;
  /** Statements sent through the pool so far (tests assert SQL budgets with it). */
  statements: StatementCounter;
  /** Migrations applied while opening. */
  appliedMigrations: string[];
  /** The process that applied them (see `DatabaseOptions.migrate`). */
  migrationPid: number;
  close(): Promise<void>;
}

/** The database cannot be reached or prepared; the message is one line for an operator. */
export class DatabaseUnavailableError extends Error {}

function describeTarget(connectionString: string): string {
  const url = new URL(connectionString);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

async function checkReachable(pool: pg.Pool, connectionString: string): Promise<void> {
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnavailableError(
      `cannot reach PostgreSQL at ${describeTarget(connectionString)} (${reason})`,
    );
  }
}

/**
 * Connects to PostgreSQL (the real server named by `url`, else the embedded one), brings
 * its schema up to date with `prisma/migrations`, and opens Prisma on a pool.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  if (!options.url) {
    try {
      embedded = await startEmbeddedPostgres(options.dataDir);
    } catch (error) {
      throw new DatabaseUnavailableError(
        `cannot start the embedded database in ${options.dataDir}: ${(error as Error).message}`,
      );
    }
  }
  const connectionString = options.url ?? embedded!.connectionString;
  const statements = new StatementCounter();
  const poolConfig = {
    connectionString,
    Client: statements.clientClass(),
    max: embedded ? 1 : options.poolSize,
    connectionTimeoutMillis: 5_000,
  };
  const pool = options.tracer ? tracedPool(options.tracer, poolConfig) : new pg.Pool(poolConfig);
  // An idle connection that drops (server restart) must not crash the process.
  pool.on("error", () => undefined);
  const release = async (): Promise<void> => {
    await pool.end();
    await embedded?.close();
  };
  try {
    await checkReachable(pool, connectionString);
    const migration = await (options.migrate ?? migrateInThisProcess)(connectionString);
    const prisma = createPrismaClient(pool);
    let closed: Promise<void> | undefined;
    return {
      prisma,
      pool,
      connectionString,
      embedded: embedded !== undefined,
      statements,
      appliedMigrations: migration.applied,
      migrationPid: migration.pid,
      close() {
        // Idempotent: shutdown paths may overlap (signal, error, test teardown).
        closed ??= prisma.$disconnect().then(release);
        return closed;
      },
    };
  } catch (error) {
    await release();
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(
      `cannot migrate the database: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}
