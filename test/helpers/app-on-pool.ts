import type pg from "pg";
import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createPrismaClient } from "../../src/db/prisma-client";
import { createLogger } from "../../src/logger";

/**
 * Bazaar listening on a loopback port over a pool the test controls — one whose server
 * refuses, or is not there at all — for tests of what the app does then.
 */
export async function startAppOnPool(pool: pg.Pool, env: Record<string, string> = {}): Promise<App> {
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: "test", BAZAAR_SEED_DEMO: "false", ...env }),
    prisma: createPrismaClient(pool),
    pool,
    logger: createLogger({ logLevel: "silent" }),
  });
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  return app;
}
