import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { Context } from "./context";
import type { PrismaClient } from "./db/prisma-client";
import type { StatementCounter } from "./db/statement-counter";
import { apolloPlugins } from "./graphql/apollo-plugins";
import { sharedApqCache } from "./graphql/apq-cache";
import { formatError } from "./graphql/format-error";
import { graphqlContextFactory } from "./graphql/graphql-context";
import { jitGateway } from "./graphql/jit-executor";
import { createCostBudget } from "./graphql/limits/create-cost-budget";
import { Metrics } from "./http/metrics";
import { JobQueue } from "./jobs/job-queue";
import { LogMailTransport, type MailTransport } from "./mail/mail-transport";
import { browserSecurityPlugin } from "./plugins/browser-security.plugin";
import { errorHandlerPlugin } from "./plugins/error-handler.plugin";
import { explorerPlugin } from "./plugins/explorer.plugin";
import { graphqlRoutePlugin } from "./plugins/graphql-route.plugin";
import { healthPlugin } from "./plugins/health.plugin";
import { jobsPlugin } from "./plugins/jobs.plugin";
import { metricsPlugin } from "./plugins/metrics.plugin";
import { redisPlugin } from "./plugins/redis.plugin";
import { refusalPenaltyPlugin } from "./plugins/refusal-penalty.plugin";
import { responseHeadersPlugin } from "./plugins/response-headers.plugin";
import { webhooksPlugin } from "./plugins/webhooks.plugin";
import { RedisConnection } from "./redis/redis-connection";
import { buildBazaarSchema } from "./schema";
import { createServices, type Services } from "./services";

export interface AppDependencies {
  config: Config;
  prisma: PrismaClient;
  /** The pool under Prisma, for its metrics. */
  pool: pg.Pool;
  /** Counts the statements sent through `pool` (the Database's), for `/metrics`. */
  statements?: StatementCounter;
  logger: Logger;
  /** Defaults to writing emails to the log. */
  mailer?: MailTransport;
}

export interface App {
  http: FastifyInstance;
  apollo: ApolloServer<Context>;
  services: Services;
  /**
   * The background job queue, not started: `start()` it once the database is ready (main.ts
   * does, before listening). Its plugin stops it on close.
   */
  jobs: JobQueue;
  /** Builds the context for a request, as the /graphql route does. */
  createContext(request: FastifyRequest): Promise<Context>;
}

/** The address this server listens on, as a URL a local client can use. */
function ownUrl(http: FastifyInstance): string {
  const address = http.server.address();
  if (address === null || typeof address === "string") throw new Error("the server is not listening on TCP");
  const unspecified = address.address === "0.0.0.0" || address.address === "::";
  const host = unspecified
    ? "127.0.0.1"
    : address.family === "IPv6"
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * The job queue opens connections of its own to the database Prisma's pool reaches. A pool
 * of one connection is the embedded database (one session): see JobQueueOptions.
 */
function createJobQueue(config: Config, pool: pg.Pool, logger: Logger, metrics: Metrics): JobQueue {
  return new JobQueue({
    connectionString: pool.options.connectionString ?? "",
    singleSession: pool.options.max === 1,
    runsJobs: config.role !== "api",
    settings: config.jobs,
    logger,
    onOutcome: (job, outcome) => metrics.jobs.inc({ job, outcome }),
  });
}

/** One megabyte: far above any real GraphQL request, far below what would hurt. */
const bodyLimitBytes = 1024 * 1024;

/**
 * Bazaar as a Fastify instance, ready to `listen` (or to `inject` in tests). Owns nothing
 * it did not create: the database and logger are passed in and closed by the caller; the
 * Redis connection (when `REDIS_URL` is set) is its own and closes with it.
 */
export async function buildApp({
  config,
  prisma,
  pool,
  statements,
  logger,
  mailer,
}: AppDependencies): Promise<App> {
  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  });
  const metrics = new Metrics(pool, statements);
  const jobs = createJobQueue(config, pool, logger, metrics);
  const services = createServices({
    prisma,
    config,
    logger,
    mailer: mailer ?? new LogMailTransport(logger),
    jobs,
    publicUrl: () => config.publicUrl ?? ownUrl(http),
  });

  // Not awaited: a node whose Redis is unreachable at start still serves, on its own budgets.
  const redis = config.redisUrl ? new RedisConnection(config.redisUrl, logger) : undefined;
  if (redis) metrics.watchRedis(redis);
  const costBudget = createCostBudget(config, redis, () => metrics.costBudgetFallbacks.inc());
  // With Redis, a persisted query registered on one node is served by every node.
  const apqCache = config.redisUrl
    ? sharedApqCache(config.redisUrl, config.redisKeyPrefix, logger)
    : undefined;
  const schema = await buildBazaarSchema();
  const apollo = new ApolloServer<Context>({
    ...(config.graphqlJit
      ? { gateway: jitGateway(schema, { cacheSize: 1000, compileAfter: config.graphqlJitCompileAfter }) }
      : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    // Counted while parsing: a 5 MB query is refused long before it becomes a syntax tree.
    parseOptions: { maxTokens: config.limits.maxTokens },
    stopOnTerminationSignals: false,
    ...(apqCache ? { persistedQueries: { cache: apqCache.cache } } : {}),
    plugins: await apolloPlugins({ config, logger, costBudget, metrics }),
  });
  const createContext = graphqlContextFactory({ config, prisma, services });

  // What the plugins share is built above and handed to them as typed options, not
  // decorated on the instance: buildApp returns it too, and a decorator's type would claim
  // it exists on every FastifyInstance.
  // Each plugin names the plugins it needs registered before it (`dependencies`, see its
  // file): Fastify refuses to start when one is missing or comes later. Awaited one by one
  // so that every plugin has loaded (Apollo started, routes added) when buildApp returns.
  // Their onClose hooks run in reverse order, after Fastify stopped accepting connections
  // and let the requests in flight finish: the job queue stops, then Apollo.
  // A worker (BAZAAR_ROLE=worker) serves only what operators probe: health and metrics.
  await http.register(errorHandlerPlugin);
  if (redis && apqCache) await http.register(redisPlugin, { redis, apqCache });
  if (config.role === "worker") {
    await http.register(responseHeadersPlugin);
    await http.register(healthPlugin, { prisma, redis, jobs });
    await http.register(metricsPlugin, { metrics });
    await http.register(jobsPlugin, { jobs, shutdownTimeoutMs: config.shutdownTimeoutMs });
    return { http, apollo, services, jobs, createContext };
  }
  await http.register(refusalPenaltyPlugin, { budget: costBudget, penalty: config.limits.refusalPenalty });
  await http.register(browserSecurityPlugin, { corsOrigins: config.corsOrigins, hsts: config.isProduction });
  await http.register(responseHeadersPlugin);
  await http.register(graphqlRoutePlugin, { apollo, createContext });
  await http.register(healthPlugin, { prisma, redis, jobs });
  await http.register(metricsPlugin, { metrics });
  // Offline GraphiQL (development by default): Sandbox on /graphql needs the internet.
  if (config.explorer) await http.register(explorerPlugin);
  await http.register(webhooksPlugin, { webhooks: services.webhooks });
  await http.register(jobsPlugin, { jobs, shutdownTimeoutMs: config.shutdownTimeoutMs });

  return { http, apollo, services, jobs, createContext };
}
