import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { defaultExplorerAssetsDir } from "../../src/http/explorer.routes";

const root = path.resolve(__dirname, "../..");
const buildScript = path.join(root, "client/explorer/build.mjs");

/** What the bundle is made from: the explorer's code, the example operations and flows, the schema. */
function newestSourceTime(): number {
  const files = [path.join(root, "schema.graphql")];
  for (const dir of ["client/explorer", "client/explorer/flows", "client/operations"]) {
    const full = path.join(root, dir);
    if (existsSync(full)) files.push(...readdirSync(full).map((name) => path.join(full, name)));
  }
  return Math.max(0, ...files.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

/**
 * Jest runs the TypeScript sources, so `npm run build` may never have run (CI goes straight
 * from `npm ci` to `npm test`): bundle the explorer if it is missing or older than its
 * sources. The build writes index.html last, and atomically, so two test files building
 * at once is harmless, and its presence means the bundle is complete.
 */
export function ensureExplorerBuilt(): void {
  const index = path.join(defaultExplorerAssetsDir, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSourceTime()) return;
  execFileSync(process.execPath, [buildScript], { stdio: "pipe", timeout: 60_000 });
}
