// Keeps the current build for a later before/after comparison in ONE bench run:
//   npm run build && node bench/snapshot.mjs /tmp/bazaar-before
//   …change src…
//   npm run bench -- --baseline /tmp/bazaar-before
// The copy is dist/ plus links to this checkout's prisma/ (migrations) and node_modules/.

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = process.argv[2];
if (!target) {
  process.stderr.write("usage: node bench/snapshot.mjs <dir> [label]\n");
  process.exit(2);
}
if (!existsSync(path.join(root, "dist/main.js"))) {
  process.stderr.write("snapshot: dist/main.js is missing: run `npm run build` first\n");
  process.exit(1);
}
const dir = path.resolve(target);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(path.join(root, "dist"), path.join(dir, "dist"), { recursive: true });
symlinkSync(path.join(root, "prisma"), path.join(dir, "prisma"));
symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
let commit = "unknown commit";
try {
  commit = execFileSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" }).trim();
} catch {
  // not a git checkout
}
const label = process.argv[3] ?? `build of ${commit}`;
writeFileSync(path.join(dir, "SNAPSHOT.txt"), `${label}, snapshotted ${new Date().toISOString()}\n`);
process.stdout.write(`snapshot of dist/ in ${dir} (${label})\n`);
