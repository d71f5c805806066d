// The webhook receiver for `npm run bench:jobs`, in a process of its own: acknowledges every
// POST at once, and answers GET /count with how many it received and how many distinct bodies.
// Prints its URL once listening.

import { createServer } from "node:http";

let received = 0;
const distinct = new Set();
const server = createServer((request, response) => {
  if (request.method === "GET") {
    response.end(JSON.stringify({ received, distinct: distinct.size }));
    return;
  }
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    received += 1;
    distinct.add(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(200).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
