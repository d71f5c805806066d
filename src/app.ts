import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { Context } from "./context";
import type { PrismaClient } from "./db/prisma-client";
import type { StatementCounter } from "./db/statement-counter";
import { errorLoggingPlugin } from "./graphql/error-logging.plugin";
import { isDatabaseUnavailable } from "./db/unavailable";
import { BazaarError, internalServerError, serviceUnavailable } from "./graphql/errors";
import { formatError } from "./graphql/format-error";
import { noStorePlugin } from "./graphql/no-store.plugin";
import { nulGuardPlugin } from "./graphql/nul-guard.plugin";
import { CostBudget } from "./graphql/limits/cost-budget";
import { limitsPlugin } from "./graphql/limits/limits.plugin";
import { readTrustedDocuments, trustedDocumentsPlugin } from "./graphql/trusted-documents.plugin";
import { registerBrowserSecurity } from "./http/browser-security";
import { registerErrorHandler } from "./http/error-handler";
import { registerExplorerRoutes } from "./http/explorer.routes";
import { registerHealthRoutes } from "./http/health.routes";
import { Metrics, registerMetricsRoute } from "./http/metrics";
import { observabilityPlugin } from "./graphql/observability.plugin";
import { createLoaders } from "./loaders";
import { registerWebhookRoutes } from "./modules/payment/webhook.routes";
import { LogMailTransport, type MailTransport } from "./mail/mail-transport";
import { jitGateway } from "./graphql/jit-executor";
import { registerRefusalPenalty } from "./http/refusal-penalty";
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
  /** Builds the context for a request, as the /graphql route does. */
  createContext(request: FastifyRequest): Promise<Context>;
}

/** The address this server listens on, as a URL a local client can use. */
function ownUrl(http: FastifyInstance): string {
  const address = http.server.address();
  if (address === null || typeof address === "string") throw new Error("the server is not listening on TCP");
  const unspecified = address.address === "0.0.0.0" || address.address === "::";
  const host = unspecified ? "127.0.0.1" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** One megabyte: far above any real GraphQL request, far below what would hurt. */
const bodyLimitBytes = 1024 * 1024;

/**
 * Bazaar as a Fastify instance, ready to `listen` (or to `inject` in tests). Owns nothing
 * it did not create: the database and logger are passed in and closed by the caller.
 */
export async function buildApp({ config, prisma, pool, statements, logger, mailer }: AppDependencies): Promise<App> {
  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  });
  const services = createServices({
    prisma,
    config,
    logger,
    mailer: mailer ?? new LogMailTransport(logger),
    publicUrl: () => config.publicUrl ?? ownUrl(http),
  });

  const metrics = new Metrics(pool, statements);
  const loaderOptions = config.dataloaderBatching ? {} : { batch: false };
  const costBudget = new CostBudget({ capacity: config.limits.costBudget, restoreRate: config.limits.costRestoreRate });
  const schema = await buildBazaarSchema();
  const apollo = new ApolloServer<Context>({
    ...(config.graphqlJit ? { gateway: jitGateway(schema, { cacheSize: 1000, compileAfter: config.graphqlJitCompileAfter }) } : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    // Counted while parsing: a 5 MB query is refused long before it becomes a syntax tree.
    parseOptions: { maxTokens: config.limits.maxTokens },
    stopOnTerminationSignals: false,
    plugins: [
      errorLoggingPlugin(logger),
      nulGuardPlugin(),
      // Before the limits: an untrusted document is refused as such, whatever it would cost.
      ...(config.trustedDocuments.only ? [trustedDocumentsPlugin(await readTrustedDocuments(config.trustedDocuments.manifestPath))] : []),
      limitsPlugin(config.limits, costBudget),
      // Last: it logs what the others decided (cost, masked errors).
      observabilityPlugin(logger, metrics),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
      // No cache hints anywhere: the header Apollo's cache-control plugin would compute is
      // always no-store, and the plugin wraps every field resolver to compute it.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
    ],
  });
  await apollo.start();

  async function createContext(request: FastifyRequest): Promise<Context> {
    const viewer = await services.sessions.resolveViewer(request.headers.authorization).catch((error: unknown) => {
      // Apollo's plugins never see a failed context: log the fault here, with the request id.
      if (error instanceof BazaarError) throw error;
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, "database unavailable while resolving the viewer");
        throw serviceUnavailable();
      }
      request.log.error({ err: error }, "could not resolve the viewer");
      throw internalServerError(String(request.id));
    });
    return {
      requestId: String(request.id),
      ip: request.ip,
      userAgent: request.headers["user-agent"] ?? null,
      viewer,
      currencyCode: config.currencyCode,
      loaders: createLoaders(prisma, loaderOptions),
      services,
    };
  }

  registerErrorHandler(http);
  registerRefusalPenalty(http, costBudget, config.limits.refusalPenalty);
  await registerBrowserSecurity(http, { corsOrigins: config.corsOrigins, hsts: config.isProduction });
  // Once shutdown begins, answers close their keep-alive connection: otherwise a client
  // whose request was in flight keeps the socket, and close() waits for it to time out.
  let closing = false;
  http.addHook("preClose", async () => {
    closing = true;
  });
  http.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (closing) reply.header("connection", "close");
  });
  http.route({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    handler: fastifyApolloHandler(apollo, { context: (request) => createContext(request) }),
  });
  registerHealthRoutes(http, prisma);
  registerMetricsRoute(http, metrics);
  // Offline GraphiQL (development by default): Sandbox on /graphql needs the internet.
  if (config.explorer) registerExplorerRoutes(http);
  await registerWebhookRoutes(http, services.webhooks);
  // Fastify owns shutdown: `close()` stops accepting, lets requests in flight finish, then
  // runs this. (Apollo's Fastify drain plugin would call `close()` again from here.)
  services.sweeper.start();
  http.addHook("onClose", async () => {
    await services.close();
    await apollo.stop();
  });

  return { http, apollo, services, createContext };
}
