import type { Config } from "../../config";
import { ConfigError, loadConfig, readProcessEnvironment } from "../../config";
import { openDatabase, type Database } from "../database";

/**
 * For the `db:*` commands: the database `npm start` would use (DATABASE_URL, else the
 * embedded one in BAZAAR_DATA_DIR), migrated. Problems end the process with one line.
 */
export async function openConfiguredDatabase(command: string): Promise<{ config: Config; db: Database }> {
  try {
    const config = loadConfig(readProcessEnvironment());
    const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
    return { config, db };
  } catch (error) {
    const message =
      error instanceof ConfigError ? `invalid configuration: ${error.message}` : (error as Error).message;
    process.stderr.write(`${command}: ${message}\n`);
    process.exit(1);
  }
}
