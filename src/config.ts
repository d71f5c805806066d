import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Bazaar's settings, read once from the environment and validated. Nothing else reads
 * `process.env`: the object is created in `main.ts` and passed down. Every setting is
 * listed, with its default, in `.env.example`.
 */
export interface Config {
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  /**
   * What this process does: `api` serves HTTP and enqueues jobs, `worker` runs jobs and serves
   * only /healthz, /readyz and /metrics, `all` does both (a single node).
   */
  role: BazaarRole;
  /**
   * Secrets every node must share (their variable names) that were left unset, so this process
   * made up its own: fine for one node, wrong for several.
   */
  unsetSharedSecrets: string[];
  port: number;
  host: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** A real PostgreSQL server; absent means the embedded database. */
  databaseUrl: string | undefined;
  /** Connections in the pool to a real server (the embedded database always uses one). */
  databasePoolSize: number;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  /**
   * A Redis server shared by every node: the per-client query-cost budgets live there.
   * Absent: they are kept in process memory (a budget per node), as with a single node.
   */
  redisUrl: string | undefined;
  /** Prepended to every key Bazaar writes to Redis, so that several deployments (or test runs) can share one server. */
  redisKeyPrefix: string;
  /**
   * Batch each request's relation reads through DataLoader (one statement per relation per
   * level). Off only to measure the naive one-query-per-parent way (`npm run bench`).
   */
  dataloaderBatching: boolean;
  /**
   * Look-ahead loading: a resolver that sees its selection loads the relations it asks for
   * with its own rows, in one statement, and primes the loaders. Off only to compare the two
   * paths (tests, `npm run bench`): answers are the same either way.
   */
  lookAhead: boolean;
  /**
   * Execute operations with graphql-jit (compiled once per document) instead of graphql-js.
   * Off to compare, or to rule the compiler out when chasing a bug.
   */
  graphqlJit: boolean;
  /**
   * Runs of a document by graphql-js before graphql-jit compiles it (0: compile at once).
   * Compiling costs about 1.5× parsing and validating; a query seen once never pays for it.
   */
  graphqlJitCompileAfter: number;
  /**
   * RELEVANCE ranks at most this many matches of a search (the first ones the search index
   * yields): the list and its `totalCount` end there, and a search reads no more rows than
   * this however many products match. See README § Search.
   */
  searchRankLimit: number;
  /** Seed the demo shop into an empty database at start-up. */
  seedDemo: boolean;
  /** Honour X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  /** How long in-flight requests may take to finish after SIGTERM. */
  shutdownTimeoutMs: number;
  currencyCode: string;
  /**
   * Key that signs pagination cursors. Random per process when unset: cursors then stop
   * working across restarts and between instances, so set it when running several.
   */
  cursorSecret: string;
  /**
   * What the demo shop's "Standard" shipping methods charge when it is seeded (data from
   * then on: staff change methods through the API; checkout never reads these).
   */
  shipping: {
    /** Price per order, in minor units. */
    flatRateAmount: number;
    /** Orders whose subtotal reaches this ship free (minor units). */
    freeThresholdAmount: number;
  };
  /** The background job queue (PostgreSQL tables of its own; see docs/architecture.md § Background jobs). */
  jobs: JobSettings;
  /** Catalog and shipping prices include tax: orders show the part of the total that is tax. */
  pricesIncludeTax: boolean;
  /** Unpaid orders older than this are cancelled and their stock returned. */
  unpaidOrderTtlMinutes: number;
  /** How often background maintenance (unpaid orders, expired keys) runs. */
  sweepIntervalSeconds: number;
  /** How long an idempotency key and its stored response are kept. */
  idempotencyTtlHours: number;
  /** Signs the built-in test gateway's webhooks (random per process when unset). */
  testGatewayWebhookSecret: string;
  /** The built-in test gateway answers each call after this long, as a slow provider would. */
  testGatewayLatencyMs: number;
  /** How old a webhook's signed timestamp may be. */
  webhookToleranceSeconds: number;
  /** Base URL this server is reached at (the test gateway posts its webhooks there); default: its own listen address. */
  publicUrl: string | undefined;
  /** Outbound webhooks: events sent to the endpoints ADMIN registers. */
  webhooks: WebhookSettings;
  /** Bounds on what one GraphQL request may ask for (see README § Security). */
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxRootFields: number;
    maxDirectives: number;
    maxTokens: number;
    maxQueryCost: number;
    costBudget: number;
    costRestoreRate: number;
    /** An API client's own budget (requests naming no buyer); its buyers get `costBudget` each. */
    clientCostBudget: number;
    clientCostRestoreRate: number;
    /** Points an anonymous client's budget loses per refused request (400/413/415); 0: none. */
    refusalPenalty: number;
  };
  /** GraphQL subscriptions over WebSocket (graphql-ws) on /graphql. */
  subscriptions: {
    /** Operations one socket may run at once; more are refused with RATE_LIMITED. */
    maxPerSocket: number;
    /** Open sockets one IP may hold; more are closed at once with code 4429. */
    maxSocketsPerIp: number;
    /** How often the server pings each socket (a socket that misses a pong is dropped); 0: never. */
    keepAliveMs: number;
  };
  /** Introspection (schema queries from tools); on outside production unless set. */
  introspection: boolean;
  /** Safelist mode: only operations in the trusted-documents manifest run (see README § Security). */
  trustedDocuments: {
    only: boolean;
    /** The manifest `npm run codegen` writes from client/operations: "sha256:<hex>" → document. */
    manifestPath: string;
  };
  /** Serve the offline GraphiQL explorer at /graphiql; on outside production unless set. */
  explorer: boolean;
  /** Origins allowed to call the API from a browser (CORS); empty: none but same-origin. */
  corsOrigins: string[];
  sessionTtlHours: number;
  passwordResetTtlMinutes: number;
  /** Storefront page that takes a reset token: the emailed link is `<url>?token=…`. */
  passwordResetUrl: string;
  loginThrottle: {
    windowMinutes: number;
    maxFailuresPerEmail: number;
    maxFailuresPerIp: number;
  };
  /** Where traces go (OpenTelemetry, OTLP over HTTP); absent: nothing is traced at all. */
  tracing: TracingConfig | undefined;
}

export interface TracingConfig {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  /** Sent with every export (a vendor's API key, say). */
  headers: Record<string, string>;
  serviceName: string;
}

export const bazaarRoles = ["all", "api", "worker"] as const;
export type BazaarRole = (typeof bazaarRoles)[number];

export interface JobSettings {
  /** How often an idle worker asks for jobs (LISTEN/NOTIFY wakes it sooner on a PostgreSQL server). */
  pollIntervalMs: number;
  /**
   * A running job's lease: its worker renews it every half of this; a job whose worker died
   * (its lease lapsed) is retried by the next supervision pass of any worker.
   */
  leaseSeconds: number;
  /** How often workers look for lapsed leases and delete finished jobs. */
  superviseIntervalSeconds: number;
  /** First retry delay of a failed job, doubled (with jitter) per retry. */
  retryDelaySeconds: number;
  /**
   * Jobs of one kind a worker process fetches together and runs side by side; the next batch
   * is fetched when the whole batch has finished. Polled work (webhook deliveries) is taken
   * in batches of this size too.
   */
  concurrency: number;
}

export interface WebhookSettings {
  /** The first retry waits about this long; each further one about twice the one before (with jitter). */
  backoffBaseMs: number;
  /** Attempts per delivery, the first included; after the last failed one it is FAILED. */
  maxAttempts: number;
  /** An endpoint is turned off after this many FAILED deliveries in a row. */
  disableAfter: number;
  /**
   * Endpoints may be loopback, private, link-local or unique-local addresses (tests, a
   * receiver on the same network). Off: such URLs are refused, at creation and at each delivery.
   */
  allowPrivateUrls: boolean;
  /** Endpoints must be https:// (the default in production). */
  requireHttps: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function moneyAmount(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(raw);
  if (!match) throw new ConfigError(`${name} must be an amount such as 4.99 (got "${raw}")`);
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(", ")} (got "${raw}")`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string | undefined {
  const raw = read(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // The value is not repeated: a database or Redis URL carries a password.
    throw new ConfigError(`${name} must be a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must be a ${protocols.join(" or ")} URL (got "${parsed.protocol}")`);
  }
  return raw;
}

/** `key=value,key=value`, values URL-encoded, as OpenTelemetry's OTEL_EXPORTER_OTLP_HEADERS says. */
function keyValuePairs(env: Env, name: string): Record<string, string> {
  // The value is never repeated in the error: it usually carries an API key.
  const invalid = new ConfigError(`${name} must be key=value pairs separated by commas, values URL-encoded`);
  const pairs: Record<string, string> = {};
  for (const entry of (read(env, name) ?? "").split(",")) {
    if (entry.trim() === "") continue;
    const separator = entry.indexOf("=");
    const key = entry.slice(0, separator).trim();
    if (separator < 0 || key === "") throw invalid;
    try {
      pairs[key] = decodeURIComponent(entry.slice(separator + 1).trim());
    } catch {
      throw invalid;
    }
  }
  return pairs;
}

/**
 * OpenTelemetry's standard variables: traces are exported when an OTLP endpoint is set
 * (the base URL, to which `/v1/traces` is added, or the traces URL itself) and the SDK is
 * not disabled.
 */
function tracing(env: Env): TracingConfig | undefined {
  const disabled = boolean(env, "OTEL_SDK_DISABLED", false);
  const base = url(env, "OTEL_EXPORTER_OTLP_ENDPOINT", ["http:", "https:"]);
  const traces =
    url(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", ["http:", "https:"]) ??
    (base === undefined ? undefined : `${base.replace(/\/+$/, "")}/v1/traces`);
  if (traces === undefined || disabled) return undefined;
  return {
    url: traces,
    headers: keyValuePairs(env, "OTEL_EXPORTER_OTLP_HEADERS"),
    serviceName: read(env, "OTEL_SERVICE_NAME") ?? "bazaar",
  };
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Where codegen writes the manifest: from the repository root, wherever Bazaar is started. */
const defaultTrustedDocumentsManifest = path.join(
  __dirname,
  "..",
  "client",
  "generated",
  "persisted-documents.json",
);

/** Secrets that must be the same on every node (one signs what another verifies). */
const sharedSecretVariables = ["BAZAAR_CURSOR_SECRET", "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET"] as const;

/**
 * The shared secrets left unset. An operator who names a role (`api` or `worker`) in
 * production runs several nodes: a secret each node invents for itself breaks them, so
 * start-up stops. A single node (role `all`) may keep a per-process secret.
 */
function unsetSharedSecrets(env: Env, isProduction: boolean, role: BazaarRole): string[] {
  const unset = sharedSecretVariables.filter((name) => read(env, name) === undefined);
  if (isProduction && role !== "all" && unset.length > 0) {
    throw new ConfigError(
      `${unset[0]} must be set when BAZAAR_ROLE is ${role} in production: every node must share it`,
    );
  }
  return unset;
}

function jobSettings(env: Env): JobSettings {
  return {
    pollIntervalMs: integer(env, "BAZAAR_JOBS_POLL_INTERVAL_MS", 1000, 500, 60_000),
    leaseSeconds: integer(env, "BAZAAR_JOBS_LEASE_SECONDS", 10, 10, 3600),
    superviseIntervalSeconds: integer(env, "BAZAAR_JOBS_SUPERVISE_INTERVAL_SECONDS", 5, 1, 3600),
    retryDelaySeconds: integer(env, "BAZAAR_JOBS_RETRY_DELAY_SECONDS", 1, 1, 3600),
    concurrency: integer(env, "BAZAAR_JOBS_CONCURRENCY", 10, 1, 100),
  };
}

function webhookSettings(env: Env, isProduction: boolean): WebhookSettings {
  return {
    backoffBaseMs: integer(env, "BAZAAR_WEBHOOK_BACKOFF_BASE_MS", 10_000, 1, 3_600_000),
    maxAttempts: integer(env, "BAZAAR_WEBHOOK_MAX_ATTEMPTS", 8, 1, 50),
    disableAfter: integer(env, "BAZAAR_WEBHOOK_DISABLE_AFTER", 10, 1, 10_000),
    allowPrivateUrls: boolean(env, "BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS", false),
    requireHttps: boolean(env, "BAZAAR_WEBHOOK_REQUIRE_HTTPS", isProduction),
  };
}

/** Builds the config from an environment; throws `ConfigError` with one clear line. */
export function loadConfig(env: Env): Config {
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const isProduction = nodeEnv === "production";
  const role = oneOf(env, "BAZAAR_ROLE", bazaarRoles, "all");
  const currencyCode = read(env, "BAZAAR_CURRENCY") ?? "USD";
  if (!/^[A-Z]{3}$/.test(currencyCode)) {
    throw new ConfigError(`BAZAAR_CURRENCY must be an ISO 4217 code such as USD (got "${currencyCode}")`);
  }
  return {
    nodeEnv,
    isProduction,
    role,
    unsetSharedSecrets: unsetSharedSecrets(env, isProduction, role),
    port: integer(env, "PORT", 4000, 0, 65535),
    host: read(env, "HOST") ?? "localhost",
    logLevel: oneOf(env, "LOG_LEVEL", logLevels, "info"),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    databasePoolSize: integer(env, "BAZAAR_DATABASE_POOL_SIZE", 10, 1, 500),
    dataDir: path.resolve(read(env, "BAZAAR_DATA_DIR") ?? ".data"),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    redisKeyPrefix: read(env, "BAZAAR_REDIS_KEY_PREFIX") ?? "bazaar:",
    dataloaderBatching: boolean(env, "BAZAAR_DATALOADER_BATCHING", true),
    lookAhead: boolean(env, "BAZAAR_LOOKAHEAD", true),
    graphqlJit: boolean(env, "BAZAAR_GRAPHQL_JIT", true),
    graphqlJitCompileAfter: integer(env, "BAZAAR_GRAPHQL_JIT_COMPILE_AFTER", 1, 0, 1000),
    searchRankLimit: integer(env, "BAZAAR_SEARCH_RANK_LIMIT", 500, 1, 100_000),
    seedDemo: boolean(env, "BAZAAR_SEED_DEMO", !isProduction),
    trustProxy: boolean(env, "BAZAAR_TRUST_PROXY", false),
    shutdownTimeoutMs: integer(env, "BAZAAR_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    currencyCode,
    cursorSecret: read(env, "BAZAAR_CURSOR_SECRET") ?? randomBytes(32).toString("hex"),
    shipping: {
      flatRateAmount: moneyAmount(env, "BAZAAR_SHIPPING_FLAT_RATE", 499),
      freeThresholdAmount: moneyAmount(env, "BAZAAR_FREE_SHIPPING_THRESHOLD", 5000),
    },
    jobs: jobSettings(env),
    pricesIncludeTax: boolean(env, "BAZAAR_PRICES_INCLUDE_TAX", false),
    unpaidOrderTtlMinutes: integer(env, "BAZAAR_UNPAID_ORDER_TTL_MINUTES", 60, 1, 7 * 24 * 60),
    sweepIntervalSeconds: integer(env, "BAZAAR_SWEEP_INTERVAL_SECONDS", 60, 1, 3600),
    idempotencyTtlHours: integer(env, "BAZAAR_IDEMPOTENCY_TTL_HOURS", 24, 1, 24 * 30),
    testGatewayWebhookSecret:
      read(env, "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET") ?? randomBytes(32).toString("hex"),
    testGatewayLatencyMs: integer(env, "BAZAAR_TEST_GATEWAY_LATENCY_MS", 0, 0, 60_000),
    webhookToleranceSeconds: integer(env, "BAZAAR_WEBHOOK_TOLERANCE_SECONDS", 300, 10, 3600),
    publicUrl: url(env, "BAZAAR_PUBLIC_URL", ["http:", "https:"]),
    webhooks: webhookSettings(env, isProduction),
    limits: {
      maxDepth: integer(env, "BAZAAR_MAX_DEPTH", 12, 1, 100),
      maxAliases: integer(env, "BAZAAR_MAX_ALIASES", 30, 0, 1000),
      maxRootFields: integer(env, "BAZAAR_MAX_ROOT_FIELDS", 20, 1, 1000),
      maxDirectives: integer(env, "BAZAAR_MAX_DIRECTIVES", 20, 0, 1000),
      maxTokens: integer(env, "BAZAAR_MAX_TOKENS", 5000, 100, 1_000_000),
      maxQueryCost: integer(env, "BAZAAR_MAX_QUERY_COST", 20_000, 1, 10_000_000),
      costBudget: integer(env, "BAZAAR_COST_BUDGET", 100_000, 1, 100_000_000),
      costRestoreRate: integer(env, "BAZAAR_COST_RESTORE_RATE", 10_000, 1, 10_000_000),
      clientCostBudget: integer(env, "BAZAAR_CLIENT_COST_BUDGET", 1_000_000, 1, 1_000_000_000),
      clientCostRestoreRate: integer(env, "BAZAAR_CLIENT_COST_RESTORE_RATE", 100_000, 1, 100_000_000),
      refusalPenalty: integer(env, "BAZAAR_REFUSAL_PENALTY", 2_000, 0, 100_000_000),
    },
    subscriptions: {
      maxPerSocket: integer(env, "BAZAAR_SUBSCRIPTIONS_PER_SOCKET", 20, 1, 1000),
      maxSocketsPerIp: integer(env, "BAZAAR_SUBSCRIPTION_SOCKETS_PER_IP", 50, 1, 1_000_000),
      keepAliveMs: integer(env, "BAZAAR_SUBSCRIPTION_KEEPALIVE_MS", 12_000, 0, 600_000),
    },
    introspection: boolean(env, "BAZAAR_INTROSPECTION", !isProduction),
    trustedDocuments: {
      only: boolean(env, "BAZAAR_TRUSTED_DOCUMENTS_ONLY", false),
      manifestPath: path.resolve(
        read(env, "BAZAAR_TRUSTED_DOCUMENTS_MANIFEST") ?? defaultTrustedDocumentsManifest,
      ),
    },
    explorer: boolean(env, "BAZAAR_EXPLORER", !isProduction),
    corsOrigins: (read(env, "BAZAAR_CORS_ORIGINS") ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== ""),
    sessionTtlHours: integer(env, "BAZAAR_SESSION_TTL_HOURS", 24 * 30, 1, 24 * 365),
    passwordResetTtlMinutes: integer(env, "BAZAAR_PASSWORD_RESET_TTL_MINUTES", 30, 5, 24 * 60),
    passwordResetUrl: url(
      env,
      "BAZAAR_PASSWORD_RESET_URL",
      ["http:", "https:"],
      "http://localhost:3000/reset-password",
    )!,
    loginThrottle: {
      windowMinutes: integer(env, "BAZAAR_LOGIN_THROTTLE_WINDOW_MINUTES", 15, 1, 24 * 60),
      maxFailuresPerEmail: integer(env, "BAZAAR_LOGIN_MAX_FAILURES_PER_EMAIL", 10, 1, 10_000),
      maxFailuresPerIp: integer(env, "BAZAAR_LOGIN_MAX_FAILURES_PER_IP", 100, 1, 100_000),
    },
    tracing: tracing(env),
  };
}

/** The process environment, with `.env` from the working directory layered under it. */
export function readProcessEnvironment(): Env {
  const envFile = path.resolve(".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}
