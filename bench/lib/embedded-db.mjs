// The fallback database of `npm run bench` when no PostgreSQL server is reachable: Bazaar's
// own embedded PostgreSQL (PGlite) served on a loopback socket from its own process, so the
// servers under test reach it like a real server. Usage: node embedded-db.mjs <dataDir>.
// Prints `URL <connection string>` once ready; stops on SIGTERM.

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { startEmbeddedPostgres } = require(path.join(root, "dist/db/embedded-postgres.js"));

const embedded = await startEmbeddedPostgres(process.argv[2]);
process.stdout.write(`URL ${embedded.connectionString}\n`);
const stop = () => embedded.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
