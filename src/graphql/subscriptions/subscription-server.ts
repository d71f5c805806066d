import type { WebsocketHandler } from "@fastify/websocket";
import type { FastifyRequest } from "fastify";
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import type { Context as SocketContext } from "graphql-ws";
import { makeHandler, type Extra } from "graphql-ws/use/@fastify/websocket";
import type { Logger } from "pino";
import type { Viewer } from "../../auth/viewer";
import { apiClientHeaders, credentialsFromHeaders, type Credentials } from "../../auth/viewer-resolver";
import { RequestContext } from "../../common/request-context";
import type { Config } from "../../config";
import type { Context } from "../../context";
import type { DirectSql } from "../../db/direct-sql";
import type { PrismaClient } from "../../db/prisma-client";
import { isDatabaseUnavailable } from "../../db/unavailable";
import { loadersFactory, type Loaders } from "../../loaders";
import type { Services } from "../../services";
import { errorOrigin } from "../error-origin";
import { BazaarError, ErrorCode } from "../errors";
import { formatError } from "../format-error";
import { withStandardErrors } from "../jit-executor";
import { interpretedEvents, jitEvents } from "../jit-subscriber";
import { eventSubscriber, type ResultSource } from "./event-subscriber";
import { OperationAdmission, tooManySubscriptions, type AdmissionRules } from "./operation-admission";
import { SocketCloseCode } from "./close-codes";
import type { SocketRegistry } from "./socket-registry";

export interface SubscriptionServerDependencies {
  config: Config;
  prisma: PrismaClient;
  sql: DirectSql;
  services: Services;
  logger: Logger;
  rules: AdmissionRules;
  registry: SocketRegistry;
  /** Each event result handed to a subscriber: executed for it, or shared (see `eventSubscriber`). */
  onResult(field: string, source: ResultSource): void;
}

/** What a socket learnt at connection_init: the credentials it re-presents on every event. */
interface SocketSession {
  credentials: Credentials;
  viewer: Viewer;
}

type SocketExtra = Extra & { session?: SocketSession };
type Socket = SocketContext<Record<string, unknown> | undefined, SocketExtra>;

/**
 * Each credential from connection_init's payload, under its header's name (`authorization`,
 * `bazaar-client-token`, `bazaar-buyer-ip`), else from the upgrade request's header.
 */
function credentialsOf(socket: Socket): Credentials {
  const fromHeaders = credentialsFromHeaders(socket.extra.request.headers);
  const fromPayload = (name: string): string | undefined => {
    const value = socket.connectionParams?.[name];
    return typeof value === "string" ? value : undefined;
  };
  return {
    authorization: fromPayload("authorization") ?? fromHeaders.authorization,
    clientToken: fromPayload(apiClientHeaders.token) ?? fromHeaders.clientToken,
    buyerIp: fromPayload(apiClientHeaders.buyerIp) ?? fromHeaders.buyerIp,
  };
}

const refusedCredentials = new Set<unknown>([ErrorCode.UNAUTHENTICATED, ErrorCode.BAD_USER_INPUT]);

/** A formatted error as HTTP would show it (Apollo drops `extensions.http` there too). */
function shownError(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.toJSON().extensions ?? {};
  return formatError({ ...error.toJSON(), extensions }, error);
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws), on /graphql beside HTTP.
 * - Connecting: the viewer comes from connection_init's `authorization` ("Bearer <token>") or
 *   the upgrade request's Authorization header, and an API client's token and buyer IP
 *   likewise (`credentialsOf`); a bad, expired or revoked token closes the socket with 4403.
 *   Anonymous sockets are welcome (products; guest orders by id).
 * - Subscribing: the document meets the same rules as over HTTP (`admitOperation`), and at
 *   most `maxPerSocket` run per socket.
 * - Each event renews the viewer (a session or API client revoked since closes the socket with 4403) and
 *   the loaders (shared by the event's subscribers on this node), so the entity is reloaded
 *   fresh and its visibility checked again; subscribers whose result is necessarily the
 *   same share one execution of it (`eventSubscriber`).
 */
export function subscriptionHandler({
  config,
  prisma,
  sql,
  services,
  logger,
  rules,
  registry,
  onResult,
}: SubscriptionServerDependencies): WebsocketHandler {
  const newLoaders = loadersFactory(prisma, sql, config.dataloaderBatching ? {} : { batch: false });
  const admission = new OperationAdmission(rules);

  /** The viewer for these credentials, or the socket closed with the reason (null). */
  async function viewerOrClose(socket: Socket, credentials: Credentials): Promise<Viewer | null> {
    try {
      return (await services.viewers.resolve(credentials)).viewer;
    } catch (error) {
      // Refused credentials: a bad session or client token, or a malformed buyer IP. The
      // reason says which (each message is well under a close reason's 123 bytes).
      if (error instanceof BazaarError && refusedCredentials.has(error.extensions.code)) {
        socket.extra.socket.close(SocketCloseCode.BadCredentials, `Forbidden: ${error.message}`);
      } else {
        if (isDatabaseUnavailable(error))
          logger.warn({ err: error }, "database unavailable while resolving a socket's viewer");
        else logger.error({ err: error }, "could not resolve a socket's viewer");
        socket.extra.socket.close(SocketCloseCode.ServiceUnavailable, "Service unavailable: retry shortly");
      }
      return null;
    }
  }

  function requestContext(socket: Socket, viewer: Viewer, operationId: string): RequestContext {
    const request: FastifyRequest = socket.extra.request;
    return RequestContext.forRequest({
      viewer,
      requestId: `${String(request.id)}:${operationId}`,
      ip: request.ip,
      userAgent: request.headers["user-agent"] ?? null,
    });
  }

  /** Events of an operation being resolved, to tell shutdown what is in flight. */
  const resolving = new WeakMap<Context, boolean>();
  /**
   * One set of loaders per event on this node, shared by its subscribers: an announcement
   * arrives as one object for every listener (in-process, or parsed once from Redis), so
   * 1,000 subscribers of a product read it once, not 1,000 times. Loaders cache rows, not
   * decisions: each subscriber's viewer and visibility are still checked on its own.
   */
  const eventLoaders = new WeakMap<object, Loaders>();
  function loadersFor(event: object): Loaders {
    let loaders = eventLoaders.get(event);
    if (!loaders) eventLoaders.set(event, (loaders = newLoaders()));
    return loaders;
  }

  function liveContext(socket: Socket, session: SocketSession, operationId: string): Context {
    const context: Context = {
      request: requestContext(socket, session.viewer, operationId),
      currencyCode: config.currencyCode,
      loaders: newLoaders(),
      lookAhead: config.lookAhead,
      services,
      live: {
        async nextEvent(event) {
          if (!resolving.get(context)) registry.eventStarted();
          resolving.set(context, true);
          const viewer = await viewerOrClose(socket, session.credentials);
          if (!viewer) throw new BazaarError(ErrorCode.UNAUTHENTICATED, "The session ended.");
          context.request = requestContext(socket, viewer, operationId);
          context.loaders = loadersFor(event);
        },
      },
    };
    return context;
  }

  const handler = makeHandler<Record<string, unknown> | undefined, { session: SocketSession }>(
    {
      isProd: config.isProduction,
      subscribe: eventSubscriber({
        executor: config.graphqlJit ? jitEvents(rules.schema) : interpretedEvents,
        onResult,
      }),
      async onConnect(socket) {
        const credentials = credentialsOf(socket);
        const viewer = await viewerOrClose(socket, credentials);
        if (!viewer) return false;
        socket.extra.session = { credentials, viewer };
        return true;
      },
      async onSubscribe(socket, id, payload) {
        const { session } = socket.extra;
        if (!session) return [new BazaarError(ErrorCode.UNAUTHENTICATED, "Connection not initialised.")];
        // This operation is already counted among the socket's subscriptions.
        if (Object.keys(socket.subscriptions).length > config.subscriptions.maxPerSocket)
          return [tooManySubscriptions(config.subscriptions.maxPerSocket)];
        const contextValue = liveContext(socket, session, id);
        const admitted = await admission.admit(payload, contextValue.request);
        if (Array.isArray(admitted)) return admitted;
        const { document, variables } = admitted as Exclude<typeof admitted, readonly GraphQLError[]>;
        return {
          schema: rules.schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue,
        };
      },
      onNext(_socket, _id, _payload, args, jitResult) {
        const context = args.contextValue as Context;
        if (resolving.get(context)) registry.eventSent();
        resolving.set(context, false);
        if (!jitResult.errors) return;
        const result = withStandardErrors(jitResult);
        const errors = result.errors ?? [];
        for (const error of errors) {
          if (errorOrigin(error) === "unexpected")
            logger.error(
              { err: error.originalError ?? error, requestId: context.request.requestId, path: error.path },
              "unexpected error while serving a subscription",
            );
        }
        return { ...result, errors: errors.map(shownError) };
      },
      onError(_socket, _id, _payload, errors) {
        return errors.map(shownError);
      },
    },
    config.subscriptions.keepAliveMs,
  );

  return function subscriptionSocket(socket, request) {
    if (registry.admit(socket, request.ip)) handler.call(this, socket, request);
  };
}
