import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import { buildApp, type App } from "../../src/app";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/logger";
import { graphqlAt, type GraphQLPost } from "./graphql-client";
import { createTestDatabase, type TestDatabase } from "./test-database";

export { errorCodes, type GraphQLResponse, type RequestOptions } from "./graphql-client";

/** A parsed log line (pino JSON). */
export type LogRecord = Record<string, unknown> & { msg?: string; level: number };

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  logger: Logger;
  /** Every log line the app wrote, parsed. */
  logs: LogRecord[];
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  graphql: GraphQLPost;
  close(): Promise<void>;
}

/** Another Bazaar process on a test app's database (see `startNodeOn`). */
export type TestNode = Omit<TestApp, "db">;

/**
 * A Bazaar node on `db`: the real server (Fastify + Apollo + Prisma, its job queue started),
 * listening on a free loopback port, logging into an array of its own. Settings are the test
 * environment's, plus `env` overrides. Closing it leaves the database open.
 */
async function startNode(db: Database, env: Record<string, string>, tracer?: Tracer): Promise<TestNode> {
  // Compiled at once: every test's operations run through graphql-jit, as hot ones do in production.
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    BAZAAR_SEED_DEMO: "false",
    BAZAAR_GRAPHQL_JIT_COMPILE_AFTER: "0",
    // Workers poll the embedded database (no NOTIFY there): as often as the queue allows.
    BAZAAR_JOBS_POLL_INTERVAL_MS: "500",
    ...env,
  });
  const logs: LogRecord[] = [];
  const logger = createLogger(
    { logLevel: "info" },
    { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) },
  );
  const { prisma, pool, statements } = db;
  const app = await buildApp({ config, prisma, pool, statements, logger, tracer });
  await app.jobs.start();
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.http.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  return { app, config, logger, logs, baseUrl, graphql: graphqlAt(baseUrl), close: () => app.http.close() };
}

/**
 * The real server (Fastify + Apollo + Prisma) on a database of its own, listening on a
 * free loopback port. Settings are the test environment's, plus `env` overrides. With a
 * `tracer` its requests, operations, statements and jobs are traced (see helpers/tracing.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  { tracer }: { tracer?: Tracer } = {},
): Promise<TestApp> {
  const testDatabase: TestDatabase = await createTestDatabase();
  const db = await openDatabase({
    url: testDatabase.connectionString,
    poolSize: testDatabase.poolSize,
    tracer,
  });
  const node = await startNode(db, env, tracer);
  return {
    ...node,
    db,
    async close() {
      await node.close();
      await db.close();
      await testDatabase.drop();
    },
  };
}

/**
 * Another node on `t`'s database, as a second process of the same deployment would be (with
 * `BAZAAR_ROLE` in `env`, say). Close it before `t`.
 */
export function startNodeOn(t: TestApp, env: Record<string, string> = {}): Promise<TestNode> {
  return startNode(t.db, env);
}

/**
 * Starts a resource (an app, a server) before the enclosing block's first test and closes
 * it after its last, so test files do not repeat the hooks. The object returned is empty
 * until then: read it inside hooks and tests only. Starting may take `startTimeoutMs`
 * (default: jest's test timeout).
 */
export function useStarted<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  startTimeoutMs?: number,
): T {
  const resource = {} as T;
  beforeAll(async () => {
    Object.assign(resource, await start());
  }, startTimeoutMs);
  afterAll(async () => {
    // Absent when `start` failed: that failure is the one to report.
    await resource.close?.();
  });
  return resource;
}

/** The test app for the enclosing block (see `useStarted`). */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  return useStarted(() => startTestApp(env));
}
