import type { FastifyRequest } from "fastify";
import { credentialsFromHeaders } from "../auth/viewer-resolver";
import { RequestContext } from "../common/request-context";
import type { Config } from "../config";
import type { Context } from "../context";
import type { DirectSql } from "../db/direct-sql";
import type { PrismaClient } from "../db/prisma-client";
import { isDatabaseUnavailable } from "../db/unavailable";
import { loadersFactory } from "../loaders";
import type { Services } from "../services";
import { BazaarError, internalServerError, serviceUnavailable } from "./errors";

export interface GraphQLContextDependencies {
  config: Config;
  prisma: PrismaClient;
  sql: DirectSql;
  services: Services;
}

/** The function the /graphql route calls once per request to build its context (also `App.createContext`). */
export function graphqlContextFactory({
  config,
  prisma,
  sql,
  services,
}: GraphQLContextDependencies): (request: FastifyRequest) => Promise<Context> {
  const newLoaders = loadersFactory(prisma, sql, config.dataloaderBatching ? {} : { batch: false });

  async function createContext(request: FastifyRequest): Promise<Context> {
    const { viewer, user } = await services.viewers
      .resolve(credentialsFromHeaders(request.headers))
      .catch((error: unknown) => {
        // Apollo's plugins never see a failed context: log the fault here, with the request id.
        if (error instanceof BazaarError) throw error;
        if (isDatabaseUnavailable(error)) {
          request.log.warn({ err: error }, "database unavailable while resolving the viewer");
          throw serviceUnavailable();
        }
        request.log.error({ err: error }, "could not resolve the viewer");
        throw internalServerError(String(request.id));
      });
    const loaders = newLoaders();
    // The session's lookup read the user's row: `me` (and `customer` of own orders) costs nothing.
    if (user) loaders.userById.prime(user.id, user);
    return {
      request: RequestContext.forRequest({
        viewer,
        requestId: String(request.id),
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
      }),
      currencyCode: config.currencyCode,
      loaders,
      lookAhead: config.lookAhead,
      services,
    };
  }

  return createContext;
}
