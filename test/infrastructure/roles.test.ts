import { registerOk, requestPasswordReset } from "../helpers/accounts";
import { jobOutcomes, jobStates } from "../helpers/jobs";
import { sentMail, waitForMail } from "../helpers/mail";
import { startNodeOn, useTestApp, type TestNode } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

/**
 * BAZAAR_ROLE on one database: an `api` node serves HTTP and enqueues but runs no jobs; a
 * `worker` runs them and serves only /healthz, /readyz and /metrics; recurring work runs
 * once per interval however many workers there are.
 */

const api = useTestApp({ BAZAAR_ROLE: "api", BAZAAR_SWEEP_INTERVAL_SECONDS: "1" });
const workerEnv = { BAZAAR_ROLE: "worker", BAZAAR_SWEEP_INTERVAL_SECONDS: "1" };
const workers: TestNode[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
});

test("an api node enqueues a job but does not run it; a worker then does", async () => {
  const account = await registerOk(api);
  expect((await requestPasswordReset(api, account.email)).data?.requestPasswordReset).toBe(true);
  // Several of its polls' worth: an api node that ran jobs would have sent it by now.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(sentMail(api, account.email)).toEqual([]);
  expect(await jobStates(api, "password-reset-mail")).toEqual(["created"]);
  expect(await jobOutcomes(api, "maintenance-sweep")).toBe(0);

  const worker = await startNodeOn(api, workerEnv);
  workers.push(worker);
  const [mail] = await waitForMail(worker, 1, account.email);
  expect(mail?.subject).toBe("Reset your Bazaar password");
  expect(sentMail(api, account.email)).toEqual([]);
});

test("a worker serves only /healthz, /readyz and /metrics", async () => {
  const [worker] = workers;
  const get = (path: string) => fetch(`${worker!.baseUrl}${path}`);
  expect((await get("/healthz")).status).toBe(200);
  const ready = await get("/readyz");
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ok", database: "up", jobs: "up" });
  expect(await (await get("/metrics")).text()).toMatch(/^bazaar_jobs_total\{/m);
  const graphql = await fetch(`${worker!.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  expect(graphql.status).toBe(404);
  expect((await get("/graphql?query=%7B__typename%7D")).status).toBe(404);
  const webhook = await fetch(`${worker!.baseUrl}/webhooks/payments/test`, { method: "POST", body: "{}" });
  expect(webhook.status).toBe(404);
  expect((await get("/graphiql")).status).toBe(404);
  // The api node serves GraphQL and says its queue is up (it enqueues).
  expect(await (await fetch(`${api.baseUrl}/readyz`)).json()).toEqual({
    status: "ok",
    database: "up",
    jobs: "up",
  });
});

test("with two workers, the sweep runs once per interval across both", async () => {
  workers.push(await startNodeOn(api, workerEnv));
  const runs = async () =>
    (await Promise.all(workers.map((worker) => jobOutcomes(worker, "maintenance-sweep")))).reduce(
      (sum, n) => sum + n,
      0,
    );
  const before = await runs();
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const during = (await runs()) - before;
  const elapsedSeconds = (Date.now() - started) / 1000;
  expect(during).toBeGreaterThanOrEqual(2);
  // A run per interval at most (plus the one in flight at either end), not one per worker.
  expect(during).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
  await waitFor(
    () =>
      jobStates(api, "maintenance-sweep").then(
        (states) => states.filter((state) => state === "created").length,
      ),
    (waiting) => waiting === 1,
  );
});
