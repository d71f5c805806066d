import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Directories this process holds. A lock file with our own pid is ours to take over only
 * if we do not hold it right now (a restarted container can reuse a pid); a second open
 * inside this process must be refused like any other.
 */
const heldByThisProcess = new Set<string>();

/**
 * The embedded database is a set of files that only ONE process may open: a second one
 * (say `npm run db:seed` while `npm start` runs) would corrupt them. A lock file holding
 * the owner's pid keeps the second out; a lock left by a process that died is taken over.
 * Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "bazaar.lock");
  if (heldByThisProcess.has(lockFile)) throw new Error(`it is in use by process ${process.pid} (this one)`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" });
      heldByThisProcess.add(lockFile);
      return async () => {
        heldByThisProcess.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(lockFile, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(`it is in use by process ${owner}; stop that process first, or set DATABASE_URL`);
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockFile}`);
}
