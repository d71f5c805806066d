import type { JobOutcome } from "../../src/jobs/job";
import type { TestApp } from "./test-app";

/** Background jobs as a test sees them: the queue's rows, and a node's counts in /metrics. */

/** The states of the queued jobs called `name` (created, active, retry, completed, failed…), oldest first. */
export async function jobStates(t: Pick<TestApp, "db">, name: string): Promise<string[]> {
  const rows = await t.db.prisma.$queryRawUnsafe<{ state: string }[]>(
    `SELECT state::text AS state FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
    name,
  );
  return rows.map((row) => row.state);
}

/** Attempts of `job` that ended in `outcome` on this node (its /metrics counter; 0 when absent). */
export async function jobOutcomes(
  node: Pick<TestApp, "baseUrl">,
  job: string,
  outcome: JobOutcome = "completed",
): Promise<number> {
  const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
  const line = new RegExp(`^bazaar_jobs_total\\{job="${job}",outcome="${outcome}"\\} (\\d+)$`, "m");
  return Number(line.exec(text)?.[1] ?? 0);
}
