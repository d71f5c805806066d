import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

async function responseHeaders(http: FastifyInstance): Promise<void> {
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
}

/** Every answer names its request id (the one in the logs), and says `connection: close` during shutdown. */
export const responseHeadersPlugin = fp(responseHeaders, { name: "bazaar-response-headers", fastify: "5.x" });
