import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import type { Tracer } from "@opentelemetry/api";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { Context } from "./context";
import { directSql } from "./db/direct-sql";
import type { PrismaClient } from "./db/prisma-client";
import type { StatementCounter } from "./db/statement-counter";
import { inProcessChangeBus, redisChangeBus } from "./events/change-pubsub";
import { apolloPlugins } from "./graphql/apollo-plugins";
import { sharedApqCache } from "./graphql/apq-cache";
import { formatError } from "./graphql/format-error";
import { graphqlContextFactory } from "./graphql/graphql-context";
import { jitGateway } from "./graphql/jit-executor";
import { createCostBudgets } from "./graphql/limits/create-cost-budget";
import { OperationLimits } from "./graphql/limits/operation-limits";
import { SocketRegistry } from "./graphql/subscriptions/socket-registry";
import { subscriptionHandler } from "./graphql/subscriptions/subscription-server";
import { readTrustedDocuments } from "./graphql/trusted-documents.plugin";
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
import { changeBusPlugin } from "./plugins/change-bus.plugin";
import { subscriptionsPlugin } from "./plugins/subscriptions.plugin";
import { tracingPlugin } from "./plugins/tracing.plugin";
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
  /** Spans for each HTTP request and GraphQL operation (src/observability/); absent: nothing is traced. */
  tracer?: Tracer | undefined;
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
  tracer,
}: AppDependencies): Promise<App> {
  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  });
  const metrics = new Metrics(pool, statements);
  const sql = directSql(pool);
  const jobs = createJobQueue(config, pool, logger, metrics);
  // Subscribers on every node hear of every change when Redis is shared; else this node's.
  // Workers publish too: a sweep's cancellation reaches subscribers on the api nodes.
  const changeBus = config.redisUrl
    ? redisChangeBus(config.redisUrl, config.redisKeyPrefix, logger)
    : inProcessChangeBus();
  const services = createServices({
    prisma,
    sql,
    config,
    logger,
    mailer: mailer ?? new LogMailTransport(logger),
    jobs,
    publicUrl: () => config.publicUrl ?? ownUrl(http),
    pubSub: changeBus.pubSub,
  });

  // Not awaited: a node whose Redis is unreachable at start still serves, on its own budgets.
  const redis = config.redisUrl ? new RedisConnection(config.redisUrl, logger) : undefined;
  if (redis) metrics.watchRedis(redis);
  const costBudgets = createCostBudgets(config, redis, () => metrics.costBudgetFallbacks.inc());
  // With Redis, a persisted query registered on one node is served by every node.
  const apqCache = config.redisUrl
    ? sharedApqCache(config.redisUrl, config.redisKeyPrefix, logger)
    : undefined;
  // One set of rules for HTTP operations and subscription documents alike.
  const limits = new OperationLimits(config.limits, costBudgets);
  const trustedDocuments = config.trustedDocuments.only
    ? await readTrustedDocuments(config.trustedDocuments.manifestPath)
    : null;
  const schema = await buildBazaarSchema(changeBus.pubSub);
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
    plugins: apolloPlugins({ config, logger, limits, trustedDocuments, metrics, tracer }),
  });
  const createContext = graphqlContextFactory({ config, prisma, sql, services });
  const sockets = new SocketRegistry(config.subscriptions.maxSocketsPerIp);
  const subscriptions = subscriptionHandler({
    config,
    prisma,
    sql,
    services,
    logger,
    rules: { schema, limits, maxTokens: config.limits.maxTokens, trustedDocuments },
    registry: sockets,
    onResult: (field, source) => metrics.subscriptionResults.inc({ field, source }),
  });

  // What the plugins share is built above and handed to them as typed options, not
  // decorated on the instance: buildApp returns it too, and a decorator's type would claim
  // it exists on every FastifyInstance.
  // Each plugin names the plugins it needs registered before it (`dependencies`, see its
  // file): Fastify refuses to start when one is missing or comes later. Awaited one by one
  // so that every plugin has loaded (Apollo started, routes added) when buildApp returns.
  // Their onClose hooks run in reverse order, after Fastify stopped accepting connections
  // and let the requests in flight finish: the job queue stops, then Apollo, then the
  // change bus. Subscription sockets close before that, in a preClose hook (1001, once the
  // events being sent are out), since an open socket would keep Fastify from closing.
  // A worker (BAZAAR_ROLE=worker) serves only what operators probe: health and metrics.
  if (tracer) await http.register(tracingPlugin, { tracer });
  await http.register(errorHandlerPlugin);
  await http.register(changeBusPlugin, { changeBus });
  if (redis && apqCache) await http.register(redisPlugin, { redis, apqCache });
  if (config.role === "worker") {
    await http.register(responseHeadersPlugin);
    await http.register(healthPlugin, { prisma, redis, jobs });
    await http.register(metricsPlugin, { metrics });
    await http.register(jobsPlugin, { jobs, shutdownTimeoutMs: config.shutdownTimeoutMs });
    return { http, apollo, services, jobs, createContext };
  }
  await http.register(refusalPenaltyPlugin, {
    budget: costBudgets.shopper,
    penalty: config.limits.refusalPenalty,
  });
  await http.register(browserSecurityPlugin, { corsOrigins: config.corsOrigins, hsts: config.isProduction });
  await http.register(responseHeadersPlugin);
  await http.register(subscriptionsPlugin, {
    registry: sockets,
    drainTimeoutMs: config.shutdownTimeoutMs / 2,
  });
  await http.register(graphqlRoutePlugin, { apollo, createContext, tracer, subscriptions });
  await http.register(healthPlugin, { prisma, redis, jobs });
  await http.register(metricsPlugin, { metrics });
  // Offline GraphiQL (development by default): Sandbox on /graphql needs the internet.
  if (config.explorer) await http.register(explorerPlugin);
  await http.register(webhooksPlugin, { webhooks: services.webhooks });
  await http.register(jobsPlugin, { jobs, shutdownTimeoutMs: config.shutdownTimeoutMs });

  return { http, apollo, services, jobs, createContext };
}
