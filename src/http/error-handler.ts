import type { FastifyError, FastifyInstance } from "fastify";

/**
 * Errors outside GraphQL (health, webhooks, body parsing): a client error keeps its
 * message and status; anything else is logged with its stack and answered with a bare 500
 * and the request id — never a stack trace or a database message.
 */
export function registerErrorHandler(http: FastifyInstance): void {
  http.setErrorHandler((error: FastifyError, request, reply) => {
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
