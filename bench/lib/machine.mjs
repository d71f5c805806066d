// The machine a bench runs on: what it is, and what else keeps it busy.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Kernel clock ticks per second for /proc/<pid>/stat (USER_HZ). */
const ticksPerSecond = 100;

/** Cores, memory, versions, the load average now and the commit measured. */
export function machine(pgVersion) {
  const loadavg = os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" / ");
  let commit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
        cwd: root,
        encoding: "utf8",
      }).trim() !== "";
  } catch {
    // not a git checkout
  }
  return {
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model ?? "unknown CPU"}`,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: pgVersion,
    kernel: `${os.type()} ${os.release()}`,
    loadavgAtStart: loadavg,
    commit: `${commit}${dirty ? " + uncommitted changes" : ""}`,
  };
}

/** Every process's CPU ticks so far (`ticks`), and those of its children it has reaped (`reaped`), from /proc. */
function cpuTicksByProcess() {
  const ticks = new Map();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(pid, {
        name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
        ticks: Number(fields[11]) + Number(fields[12]),
        reaped: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

/**
 * User + system CPU milliseconds used so far by the processes named `name` (e.g. all of
 * PostgreSQL's: "postgres"), including children they reaped, so that a backend that exits
 * still counts (through the postmaster) and the total only grows.
 */
export function cpuMsOfProcesses(name) {
  let ticks = 0;
  for (const process of cpuTicksByProcess().values())
    if (process.name === name) ticks += process.ticks + process.reaped;
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * What else keeps the machine busy, sampled over one second between workloads (when the
 * servers under test are idle): the busiest processes, in % of one core.
 */
export async function otherLoad() {
  const before = cpuTicksByProcess();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = cpuTicksByProcess();
  const busiest = [...after]
    .map(([pid, { name, ticks }]) => ({ name, percent: ticks - (before.get(pid)?.ticks ?? ticks) }))
    .filter((p) => p.percent >= 5)
    .sort((a, b) => b.percent - a.percent)
    .slice(0, 6);
  const total = busiest.reduce((sum, p) => sum + p.percent, 0);
  return busiest.length === 0
    ? "idle"
    : `${total}% of a core: ${busiest.map((p) => `${p.name} ${p.percent}%`).join(", ")}`;
}

/**
 * Waits until the 1-minute load average is at most `maxLoad` (polling every `pollSeconds`),
 * for up to `limitMinutes`. Returns the load averages seen at the end and whether the
 * machine became quiet in time.
 * @param {{ maxLoad: number, limitMinutes: number, pollSeconds?: number, log: (message: string) => void }} options
 */
export async function waitForQuiet({ maxLoad, limitMinutes, pollSeconds = 30, log }) {
  const deadline = Date.now() + limitMinutes * 60_000;
  const started = Date.now();
  for (;;) {
    const loadavg = os.loadavg();
    if (loadavg[0] <= maxLoad)
      return { quiet: true, loadavg, waitedSeconds: Math.round((Date.now() - started) / 1000) };
    if (Date.now() + pollSeconds * 1000 > deadline)
      return { quiet: false, loadavg, waitedSeconds: Math.round((Date.now() - started) / 1000) };
    log(
      `load average ${loadavg.map((v) => v.toFixed(2)).join(" / ")} is above ${maxLoad}: waiting ${pollSeconds} s (${await otherLoad()})`,
    );
    await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
  }
}
