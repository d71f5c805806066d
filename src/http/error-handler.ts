import type { FastifyError, FastifyInstance } from "fastify";
import { isDatabaseUnavailable } from "../db/unavailable";

/**
 * Errors outside GraphQL (health, webhooks, body parsing): a client error keeps its
 * message and status; a database that is not there is 503 with Retry-After (a gateway
 * redelivers later, a balancer tries another node), as on /graphql; anything else is
 * logged with its stack and answered with a bare 500 and the request id — never a stack
 * trace or a database message.
 */
export function registerErrorHandler(http: FastifyInstance): void {
  http.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return reply.code(503).header("retry-after", "1").send({
        error: "Service Unavailable",
        code: "SERVICE_UNAVAILABLE",
        requestId: request.id,
      });
    }
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, "unhandled error");
    return reply.code(status).send({
      error: status === 500 ? "Internal Server Error" : error.message,
      code: status === 500 ? "INTERNAL_SERVER_ERROR" : (error.code ?? "BAD_REQUEST"),
      requestId: request.id,
    });
  });
}
