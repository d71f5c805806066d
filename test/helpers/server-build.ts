import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, symlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const root = path.resolve(__dirname, "../..");

/**
 * Builds live here, one folder per version of the sources. Inside node_modules: `npm ci`
 * empties it, nothing else looks in it, and module resolution from a build finds the
 * project's packages by walking up.
 */
const cacheDir = path.join(root, "node_modules", ".cache", "bazaar-server-build");

/** Written last: a folder without it is a build that did not finish. */
const completeMarker = "BUILD_COMPLETE";

/** Another worker's build is waited for this long before this one builds its own. */
const lockPatienceMs = 180_000;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Names and contents of everything the compiler reads: equal hashes, equal builds. */
async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of [...(await filesUnder(path.join(root, "src"))), "tsconfig.json", "package-lock.json"]) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Compiles `src` with tsc (esbuild and friends drop the decorator metadata type-graphql
 * reads) into `folder/dist`, without type-checking (`npm run typecheck` does that). Paths
 * the server resolves from its own location (`../prisma`, `../client`) are linked to the
 * project's.
 */
async function compileInto(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const tsc = require.resolve("typescript/bin/tsc");
  try {
    await run(
      process.execPath,
      [tsc, "-p", "tsconfig.json", "--noCheck", "--outDir", path.join(folder, "dist")],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`compiling the server for multi-node tests failed:\n${stdout}${stderr}`);
  }
  await symlink(path.join(root, "prisma"), path.join(folder, "prisma"));
  await symlink(path.join(root, "client"), path.join(folder, "client"));
  await mkdir(path.join(folder, completeMarker));
}

async function waitForOtherBuild(target: string, lock: string): Promise<boolean> {
  for (;;) {
    if (existsSync(path.join(target, completeMarker))) return true;
    const lockAge = await stat(lock).then(
      (info) => Date.now() - info.mtimeMs,
      () => Infinity,
    );
    // Gone without a result (that build failed) or held for too long (its worker died).
    if (lockAge > lockPatienceMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Removes builds of other source versions (they pile up as the code changes). */
async function removeOtherBuilds(keep: string): Promise<void> {
  const staleAfterMs = 60 * 60_000;
  for (const entry of await readdir(cacheDir)) {
    const folder = path.join(cacheDir, entry);
    if (folder === keep || folder === `${keep}.lock`) continue;
    const age = await stat(folder).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > staleAfterMs) await rm(folder, { recursive: true, force: true });
  }
}

/**
 * The server as JavaScript, for tests that run it as real processes (jest runs the
 * TypeScript in-process, a child process needs it compiled): the path of `main.js`.
 * Compiled once per version of the sources and kept; parallel jest workers share one
 * build: the first takes a lock (an atomic mkdir), the others wait for its result. Each
 * build is made in a folder of its own and renamed into place, so no one ever sees half a build.
 */
export async function serverBuild(): Promise<string> {
  const target = path.join(cacheDir, await sourceHash());
  const main = path.join(target, "dist", "main.js");
  if (existsSync(path.join(target, completeMarker))) return main;

  await mkdir(cacheDir, { recursive: true });
  const lock = `${target}.lock`;
  const locked = await mkdir(lock).then(
    () => true,
    () => false,
  );
  if (!locked && (await waitForOtherBuild(target, lock))) return main;
  try {
    const scratch = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    await compileInto(scratch);
    await rename(scratch, target).catch(async (error: unknown) => {
      // Another worker finished the same build first: use theirs.
      await rm(scratch, { recursive: true, force: true });
      if (!existsSync(path.join(target, completeMarker))) throw error;
    });
    await removeOtherBuilds(target);
  } finally {
    if (locked) await rm(lock, { recursive: true, force: true });
  }
  return main;
}
