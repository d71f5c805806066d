import type { Logger } from "pino";
import { buildApp, type App } from "../../src/app";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/logger";
import { createTestDatabase, type TestDatabase } from "./test-database";

/** A parsed log line (pino JSON). */
export type LogRecord = Record<string, unknown> & { msg?: string; level: number };

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  extensions?: Record<string, unknown> & {
    cost?: { requested: number; remaining: number; capacity: number; restoreRate: number };
  };
  data?: TData | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: Record<string, unknown> & { code?: string };
  }[];
}

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  logger: Logger;
  /** Every log line the app wrote, parsed. */
  logs: LogRecord[];
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** POSTs one GraphQL operation over real HTTP. */
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<TData>>;
  close(): Promise<void>;
}

/**
 * The real server (Fastify + Apollo + Prisma) on a fresh database of its own, listening on
 * a free loopback port. Settings are the test environment's, plus `env` overrides.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const testDatabase: TestDatabase = await createTestDatabase();
  // Compiled at once: every test's operations run through graphql-jit, as hot ones do in production.
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    BAZAAR_SEED_DEMO: "false",
    BAZAAR_GRAPHQL_JIT_COMPILE_AFTER: "0",
    ...env,
  });
  const logs: LogRecord[] = [];
  const logger = createLogger(
    { logLevel: "info" },
    { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) },
  );
  const db = await openDatabase({ url: testDatabase.connectionString, poolSize: testDatabase.poolSize });
  const app = await buildApp({ config, prisma: db.prisma, pool: db.pool, statements: db.statements, logger });
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.http.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    app,
    db,
    config,
    logger,
    logs,
    baseUrl,
    async graphql(query, variables, options = {}) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const { extensions, ...body } = (await response.json()) as Omit<GraphQLResponse, "status">;
      const result = { status: response.status, ...body } as GraphQLResponse<never>;
      // Every response carries `extensions.cost`; kept off the enumerable keys so tests can
      // compare whole responses, and still readable where a test is about it.
      Object.defineProperty(result, "extensions", { value: extensions, enumerable: false });
      return result;
    },
    async close() {
      await app.http.close();
      await db.close();
      await testDatabase.drop();
    },
  };
}

/** The `extensions.code` of each error, for compact assertions. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
