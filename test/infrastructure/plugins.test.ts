import http from "node:http";
import Fastify, { type FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import pg from "pg";
import type { App } from "../../src/app";
import { CostBudget } from "../../src/graphql/limits/cost-budget";
import { browserSecurityPlugin } from "../../src/plugins/browser-security.plugin";
import { errorHandlerPlugin } from "../../src/plugins/error-handler.plugin";
import { explorerPlugin } from "../../src/plugins/explorer.plugin";
import { graphqlRoutePlugin } from "../../src/plugins/graphql-route.plugin";
import { healthPlugin } from "../../src/plugins/health.plugin";
import { jobsPlugin } from "../../src/plugins/jobs.plugin";
import { metricsPlugin } from "../../src/plugins/metrics.plugin";
import { refusalPenaltyPlugin } from "../../src/plugins/refusal-penalty.plugin";
import { responseHeadersPlugin } from "../../src/plugins/response-headers.plugin";
import { webhooksPlugin } from "../../src/plugins/webhooks.plugin";
import { startAppOnPool } from "../helpers/app-on-pool";

/**
 * buildApp's concerns are named Fastify plugins whose `dependencies` state the order the
 * app relies on, so Fastify itself refuses an app that breaks it; and shutdown still
 * releases things in order. (In-flight requests during shutdown: shutdown.test.ts.)
 */

/** Each plugin, the name Fastify knows it by, and what must be registered before it. */
const plugins: { plugin: FastifyPluginAsync<never>; name: string; dependencies: string[] }[] = [
  { plugin: errorHandlerPlugin, name: "bazaar-error-handler", dependencies: [] },
  { plugin: refusalPenaltyPlugin, name: "bazaar-refusal-penalty", dependencies: [] },
  {
    plugin: browserSecurityPlugin,
    name: "bazaar-browser-security",
    dependencies: ["bazaar-error-handler", "bazaar-refusal-penalty"],
  },
  { plugin: responseHeadersPlugin, name: "bazaar-response-headers", dependencies: [] },
  {
    plugin: graphqlRoutePlugin,
    name: "bazaar-graphql",
    dependencies: ["bazaar-error-handler", "bazaar-refusal-penalty"],
  },
  { plugin: healthPlugin, name: "bazaar-health", dependencies: ["bazaar-error-handler"] },
  { plugin: metricsPlugin, name: "bazaar-metrics", dependencies: ["bazaar-error-handler"] },
  { plugin: explorerPlugin, name: "bazaar-explorer", dependencies: ["bazaar-error-handler"] },
  {
    plugin: webhooksPlugin,
    name: "bazaar-webhooks",
    dependencies: ["bazaar-error-handler", "bazaar-browser-security", "bazaar-response-headers"],
  },
  { plugin: jobsPlugin, name: "bazaar-jobs", dependencies: ["bazaar-health"] },
];

/** A plugin that only carries a name, standing in for a real one in dependency checks. */
const standIn = (name: string): FastifyPluginAsync => fp(async () => undefined, { name });

/** The error Fastify boots with, or undefined if it boots. */
async function bootError(
  register: (http: ReturnType<typeof Fastify>) => void,
): Promise<(Error & { code?: string }) | undefined> {
  const http = Fastify();
  register(http);
  try {
    await http.ready();
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await http.close();
  }
}

/**
 * POSTs headers announcing `length` bytes and reads the answer without sending the body:
 * Fastify refuses an oversize body from its Content-Length alone.
 */
function announceOversize(
  url: string,
  length: number,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/octet-stream", "content-length": String(length) };
    const request = http.request(url, { method: "POST", agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        request.destroy();
      });
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

describe("buildApp's plugins", () => {
  // Nothing here reaches the database: a pool to a port that nothing listens on will do.
  const pool = new pg.Pool({ connectionString: "postgresql://nobody@127.0.0.1:9/none" });
  let app: App;
  beforeAll(async () => {
    app = await startAppOnPool(pool, { BAZAAR_EXPLORER: "true" });
  });
  afterAll(async () => {
    await app.http.close();
    await pool.end();
  });

  test("are all registered, under their names", () => {
    for (const { name } of plugins)
      expect({ name, registered: app.http.hasPlugin(name) }).toEqual({ name, registered: true });
  });

  test("the webhook scope, registered after them, has the shared hooks and the error handler", async () => {
    const { port } = app.http.server.address() as { port: number };
    // Over the webhook route's own 64 kB limit: an error answered by the error handler.
    const answer = await announceOversize(`http://127.0.0.1:${port}/webhooks/payments/test`, 65 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: "Request body is too large",
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
      requestId: answer.headers["x-request-id"],
    });
    expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  test("shut down in order: stop accepting, then the job queue, then apollo.stop()", async () => {
    const steps: { step: string; listening: boolean }[] = [];
    const stopJobs = app.jobs.stop.bind(app.jobs);
    const stopApollo = app.apollo.stop.bind(app.apollo);
    jest.spyOn(app.jobs, "stop").mockImplementation(async (timeoutMs) => {
      steps.push({ step: "jobs.stop", listening: app.http.server.listening });
      await stopJobs(timeoutMs);
    });
    jest.spyOn(app.apollo, "stop").mockImplementation(async () => {
      steps.push({ step: "apollo.stop", listening: app.http.server.listening });
      await stopApollo();
    });
    await app.http.close();
    expect(steps).toEqual([
      { step: "jobs.stop", listening: false },
      { step: "apollo.stop", listening: false },
    ]);
  });
});

describe("Fastify refuses to start", () => {
  test.each(
    plugins.flatMap(({ plugin, name, dependencies }) =>
      dependencies.map((missing) => ({ plugin, name, missing, dependencies })),
    ),
  )("$name without $missing", async ({ plugin, name, missing, dependencies }) => {
    const error = await bootError((http) => {
      for (const dependency of dependencies) if (dependency !== missing) http.register(standIn(dependency));
      http.register(plugin);
    });
    expect(error?.code).toBe("FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED");
    expect(error?.message).toBe(`The dependency '${missing}' of plugin '${name}' is not registered`);
  });

  test("a plugin registered before its dependency: the order counts, not only the presence", async () => {
    const error = await bootError((http) => {
      http.register(errorHandlerPlugin);
      http.register(browserSecurityPlugin, { corsOrigins: [], hsts: false });
      http.register(refusalPenaltyPlugin, {
        budget: new CostBudget({ capacity: 1, restoreRate: 1 }),
        penalty: 0,
      });
    });
    expect(error?.code).toBe("FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED");
    expect(error?.message).toContain("'bazaar-refusal-penalty'");
  });

  test("but starts when they come in order", async () => {
    const error = await bootError((http) => {
      http.register(errorHandlerPlugin);
      http.register(refusalPenaltyPlugin, {
        budget: new CostBudget({ capacity: 1, restoreRate: 1 }),
        penalty: 0,
      });
      http.register(browserSecurityPlugin, { corsOrigins: [], hsts: false });
    });
    expect(error).toBeUndefined();
  });
});
