import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config";

/** The error `loadConfig` throws for `env`, or a failure when it throws none. */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw a ConfigError`);
}

describe("loadConfig defaults", () => {
  const config = loadConfig({});

  test("listens on localhost:4000", () => {
    expect(config.port).toBe(4000);
    expect(config.host).toBe("localhost");
  });

  test("uses the embedded database when DATABASE_URL is absent or empty", () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "  " }).databaseUrl).toBeUndefined();
  });

  test("keeps query-cost budgets in memory when REDIS_URL is absent; keys are prefixed bazaar: by default", () => {
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisKeyPrefix).toBe("bazaar:");
    expect(loadConfig({ REDIS_URL: "rediss://:secret@cache.internal:6380/2" }).redisUrl).toBe(
      "rediss://:secret@cache.internal:6380/2",
    );
  });

  test("keeps the embedded data in ./.data, as an absolute path", () => {
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.join(process.cwd(), ".data"));
    expect(loadConfig({ BAZAAR_DATA_DIR: "./.data" }).dataDir).toBe(config.dataDir);
  });

  test("runs in development, where the demo shop is seeded", () => {
    expect(config.nodeEnv).toBe("development");
    expect(config.isProduction).toBe(false);
    expect(config.seedDemo).toBe(true);
  });

  test("does not seed the demo shop in production unless asked to", () => {
    const production = loadConfig({ NODE_ENV: "production" });
    expect(production.isProduction).toBe(true);
    expect(production.seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", BAZAAR_SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  test("takes valid settings as given", () => {
    const custom = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      LOG_LEVEL: "debug",
      DATABASE_URL: "postgres://bazaar@db.internal:5433/shop",
      BAZAAR_DATA_DIR: "/var/lib/bazaar",
      BAZAAR_SEED_DEMO: "no",
      BAZAAR_CURRENCY: "EUR",
      BAZAAR_SEARCH_RANK_LIMIT: "2000",
    });
    expect(custom).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      logLevel: "debug",
      databaseUrl: "postgres://bazaar@db.internal:5433/shop",
      dataDir: "/var/lib/bazaar",
      seedDemo: false,
      currencyCode: "EUR",
      searchRankLimit: 2000,
    });
  });

  test("a search ranks at most 500 matches unless set otherwise", () => {
    expect(loadConfig({}).searchRankLimit).toBe(500);
  });
});

describe("loadConfig refuses invalid settings with one line naming the variable", () => {
  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["NODE_ENV", "staging"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "not a url"],
    ["REDIS_URL", "http://cache.internal:6379"],
    ["REDIS_URL", "cache.internal:6379"],
    ["BAZAAR_SEED_DEMO", "maybe"],
    ["BAZAAR_CURRENCY", "usd"],
    ["BAZAAR_DATABASE_POOL_SIZE", "0"],
    ["BAZAAR_SEARCH_RANK_LIMIT", "0"],
    ["BAZAAR_SEARCH_RANK_LIMIT", "many"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
    ["OTEL_SDK_DISABLED", "sometimes"],
    ["BAZAAR_ROLE", "scheduler"],
    ["BAZAAR_JOBS_LEASE_SECONDS", "5"],
    ["BAZAAR_JOBS_POLL_INTERVAL_MS", "100"],
  ])("%s=%s", (name, value) => {
    const error = configErrorFor({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).not.toMatch(/\n/);
    expect(error.message.length).toBeLessThan(200);
  });

  test("an unparseable DATABASE_URL does not echo the password it contains", () => {
    // A missing ':' after the scheme: the operator's secret must not reach stderr or the log.
    const error = configErrorFor({ DATABASE_URL: "postgresql//bazaar:hunter2@db.internal/shop" });
    expect(error.message).toContain("DATABASE_URL");
    expect(error.message).not.toContain("hunter2");
  });
});

describe("traces (OpenTelemetry's standard variables)", () => {
  test("are off unless an OTLP endpoint is set", () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SERVICE_NAME: "shop" }).tracing).toBeUndefined();
  });

  test("go to <endpoint>/v1/traces as service bazaar, or to the traces endpoint itself", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      url: "http://collector:4318/v1/traces",
      headers: {},
      serviceName: "bazaar",
    });
    const custom = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example.com/api/spans",
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc%3D%3D, x-team = shop",
      OTEL_SERVICE_NAME: "bazaar-eu",
    }).tracing;
    expect(custom).toEqual({
      url: "https://traces.example.com/api/spans",
      headers: { "x-api-key": "abc==", "x-team": "shop" },
      serviceName: "bazaar-eu",
    });
  });

  test("are off when OTEL_SDK_DISABLED is true, whatever the endpoint", () => {
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }).tracing,
    ).toBeUndefined();
  });

  test("malformed OTEL_EXPORTER_OTLP_HEADERS are refused without echoing them", () => {
    for (const headers of ["api-key", "=secret-value", "k=%E0%A4%A"]) {
      const error = configErrorFor({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_HEADERS: headers,
      });
      expect(error.message).toContain("OTEL_EXPORTER_OTLP_HEADERS");
      expect(error.message).not.toContain("secret");
      expect(error.message).not.toContain("api-key");
    }
  });
});

describe("process roles and the secrets nodes share", () => {
  const secrets = {
    BAZAAR_CURSOR_SECRET: "cursor-secret-shared-by-every-node",
    BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: "whsec_shared_by_every_node",
  };

  test("the role is all unless set; each node then makes up the secrets left unset", () => {
    const config = loadConfig({});
    expect(config.role).toBe("all");
    expect(config.unsetSharedSecrets).toEqual(["BAZAAR_CURSOR_SECRET", "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET"]);
    expect(loadConfig({ BAZAAR_ROLE: "worker" }).role).toBe("worker");
    expect(loadConfig(secrets).unsetSharedSecrets).toEqual([]);
  });

  test("production with the default role starts without them (main.ts logs a warning naming them)", () => {
    const config = loadConfig({ NODE_ENV: "production" });
    expect(config.role).toBe("all");
    expect(config.unsetSharedSecrets).toEqual(["BAZAAR_CURSOR_SECRET", "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET"]);
  });

  test.each(["api", "worker"])(
    "production with BAZAAR_ROLE=%s refuses to start without each shared secret, naming it",
    (role) => {
      for (const missing of Object.keys(secrets)) {
        const env = { NODE_ENV: "production", BAZAAR_ROLE: role, ...secrets, [missing]: " " };
        const error = configErrorFor(env);
        expect(error.message).toContain(missing);
        expect(error.message).toContain(role);
        expect(error.message).not.toMatch(/\n/);
      }
      expect(loadConfig({ NODE_ENV: "production", BAZAAR_ROLE: role, ...secrets }).role).toBe(role);
    },
  );

  test("outside production a named role may run on made-up secrets (tests, a laptop)", () => {
    expect(loadConfig({ BAZAAR_ROLE: "api" }).unsetSharedSecrets).toHaveLength(2);
  });

  test("job queue settings: short defaults, overridable", () => {
    expect(loadConfig({}).jobs).toEqual({
      pollIntervalMs: 1000,
      leaseSeconds: 10,
      superviseIntervalSeconds: 5,
      retryDelaySeconds: 1,
      concurrency: 10,
    });
    expect(loadConfig({ BAZAAR_JOBS_LEASE_SECONDS: "30" }).jobs.leaseSeconds).toBe(30);
  });
});
