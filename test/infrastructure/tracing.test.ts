import { randomBytes, randomUUID } from "node:crypto";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-node";
import {
  CheckoutDocument,
  DeleteWebhookEndpointDocument,
  PayOrderDocument,
  ProductBySlugDocument,
} from "../../client";
import { currentTraceCarrier, runInJobSpan } from "../../src/observability/job-spans";
import { accountWithRoles, staffAccount } from "../helpers/accounts";
import { cartWith } from "../helpers/carts";
import { createProductOk } from "../helpers/catalog";
import { checkoutInput } from "../helpers/orders";
import { payInput } from "../helpers/payments";
import { dataOf } from "../helpers/results";
import {
  callerTraceparent,
  childrenOf,
  parentIdOf,
  serverSpanOf,
  traceOf,
  useTracedTestApp,
} from "../helpers/tracing";
import { waitFor } from "../helpers/wait-for";
import { startWebhookReceiver } from "../helpers/webhook-receiver";
import { registerReceiver } from "../helpers/webhooks";

// Outbound webhooks go to a receiver on 127.0.0.1 here.
const t = useTracedTestApp({ BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS: "true" });

const isStatement = (span: ReadableSpan) => span.attributes["db.system"] === "postgresql";

/** A GraphQL request over HTTP whose spans the test can find by its request id. */
async function traced<T>(send: (headers: Record<string, string>) => Promise<T>, traceparent?: string) {
  const requestId = randomUUID();
  const result = await send({ "x-request-id": requestId, ...(traceparent ? { traceparent } : {}) });
  const server = await serverSpanOf(t.tracing, requestId);
  return { result, server, spans: traceOf(t.tracing, server) };
}

describe("a GraphQL query over HTTP", () => {
  const slug = `traced-shirt-${process.pid}`;
  let server: ReadableSpan;
  let spans: ReadableSpan[];
  let statementsSent: number;

  beforeAll(async () => {
    const staff = await staffAccount(t);
    await createProductOk(t, staff.token, { slug });
    const before = t.db.statements.count;
    ({ server, spans } = await traced((headers) => t.graphql(ProductBySlugDocument, { slug }, { headers })));
    statementsSent = t.db.statements.count - before;
  });

  test("is one SERVER span with its method, route and status", () => {
    expect(server.name).toBe("POST /graphql");
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/graphql",
      "http.response.status_code": 200,
      "url.path": "/graphql",
    });
    expect(server.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(parentIdOf(server)).toBeUndefined();
  });

  test("whose child is the operation's span, named by its type and name", () => {
    const [operation, ...others] = childrenOf(spans, server).filter((span) => !isStatement(span));
    expect(others).toEqual([]);
    expect(operation?.name).toBe("query ProductBySlug");
    expect(operation?.attributes).toMatchObject({
      "graphql.operation.type": "query",
      "graphql.operation.name": "ProductBySlug",
    });
  });

  test("whose children are one CLIENT span per SQL statement, with its text but not its values", () => {
    const operation = spans.find((span) => span.name === "query ProductBySlug")!;
    const statements = spans.filter(isStatement);
    expect(statements.length).toBe(statementsSent);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(parentIdOf(statement)).toBe(operation.spanContext().spanId);
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.attributes["db.system.name"]).toBe("postgresql");
      expect(statement.attributes["db.query.text"]).toEqual(expect.any(String));
      expect(statement.name).toBe(statement.attributes["db.operation.name"]);
    }
    const texts = statements.map((statement) => String(statement.attributes["db.query.text"]));
    expect(texts.some((text) => text.includes("$1"))).toBe(true);
    expect(texts.join("\n")).not.toContain(slug);
  });
});

test("a caller's traceparent is continued: the request's spans join the caller's trace under its span", async () => {
  const traceId = randomBytes(16).toString("hex");
  const callerSpanId = randomBytes(8).toString("hex");
  const { server, spans } = await traced(
    (headers) =>
      t.graphql("query Continued { products(first: 1) { edges { node { id } } } }", {}, { headers }),
    callerTraceparent(traceId, callerSpanId),
  );
  expect(server.spanContext().traceId).toBe(traceId);
  expect(server.parentSpanContext).toMatchObject({ spanId: callerSpanId, isRemote: true });
  expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(["query Continued", "SELECT"]));
});

test("requests served at once, waiting for the same pooled connections, each keep their own statements", async () => {
  const requests = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      traced((headers) =>
        t.graphql(
          `query Concurrent${i} { products(first: 3) { edges { node { id variants { id } } } } }`,
          {},
          {
            headers,
          },
        ),
      ),
    ),
  );
  for (const [i, { spans }] of requests.entries()) {
    const operation = spans.find((span) => span.name === `query Concurrent${i}`)!;
    const statements = spans.filter(isStatement);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(parentIdOf(statement)).toBe(operation.spanContext().spanId);
  }
});

test("errors are recorded on the operation's span with their extensions.code", async () => {
  const { result, server, spans } = await traced((headers) =>
    t.graphql("query Broken { product { id } }", {}, { headers }),
  );
  expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  const operation = spans.find((span) => span.name === "query Broken")!;
  expect(operation.status.code).toBe(SpanStatusCode.ERROR);
  expect(operation.attributes["bazaar.graphql.error_codes"]).toEqual(["BAD_USER_INPUT"]);
  expect(operation.events).toEqual([
    expect.objectContaining({
      name: "exception",
      attributes: expect.objectContaining({ "exception.type": "BAD_USER_INPUT" }),
    }),
  ]);
  // The client's mistake, not the server's failure.
  expect(server.status.code).not.toBe(SpanStatusCode.ERROR);
});

test("checkout, payment and the gateway's webhook share one trace: payment → delivery job → webhook request", async () => {
  const staff = await staffAccount(t);
  const product = await createProductOk(t, staff.token);
  const cart = await cartWith(t, undefined, [[product.variants[0]!, 1]]);
  const traceparent = callerTraceparent(randomBytes(16).toString("hex"), randomBytes(8).toString("hex"));
  const checkout = await traced(
    (headers) =>
      t.graphql(
        CheckoutDocument,
        { input: checkoutInput(cart.id, { email: "traced@example.com" }) },
        { headers },
      ),
    traceparent,
  );
  const order = dataOf(checkout.result).checkout;
  const payment = await traced(
    (headers) => t.graphql(PayOrderDocument, { input: payInput(order.id) }, { headers }),
    traceparent,
  );
  const traceId = checkout.server.spanContext().traceId;
  expect(payment.server.spanContext().traceId).toBe(traceId);

  const isWebhook = (span: ReadableSpan) => span.name === "POST /webhooks/payments/:gateway";
  const webhook = await waitForSpan(isWebhook);
  // The delivery job's span ends once the webhook has been answered.
  const delivery = await waitForSpan((span) => span.spanContext().spanId === parentIdOf(webhook));
  const payOrder = traceOf(t.tracing, payment.server).find((span) => span.name === "mutation PayOrder")!;
  expect(webhook.spanContext().traceId).toBe(traceId);
  expect(delivery.name).toBe("test-gateway.webhook");
  expect(delivery.kind).toBe(SpanKind.CONSUMER);
  expect(parentIdOf(delivery)).toBe(payOrder.spanContext().spanId);
  expect(webhook.attributes["http.response.status_code"]).toBe(200);
  // The webhook's own statements (recording the payment) are in the trace too, under it.
  expect(childrenOf(traceOf(t.tracing, webhook), webhook).filter(isStatement).length).toBeGreaterThan(0);
});

test("an outbound webhook's attempt continues the trace of the checkout that wrote its event", async () => {
  const admin = await accountWithRoles(t, ["ADMIN"]);
  const staff = await staffAccount(t);
  const receiver = await startWebhookReceiver();
  try {
    const endpointId = await registerReceiver(t, admin.token, receiver, ["ORDER_CREATED"]);
    const product = await createProductOk(t, staff.token);
    const cart = await cartWith(t, undefined, [[product.variants[0]!, 1]]);
    const checkout = await traced((headers) =>
      t.graphql(
        CheckoutDocument,
        { input: checkoutInput(cart.id, { email: "hooked@example.com" }) },
        { headers },
      ),
    );
    const traceId = checkout.server.spanContext().traceId;
    const attempt = await waitForSpan(
      (span) => span.name === "webhook.delivery" && span.spanContext().traceId === traceId,
    );
    expect(attempt.kind).toBe(SpanKind.CONSUMER);
    expect(attempt.attributes["bazaar.job_attempt"]).toBe(1);
    const checkoutSpans = traceOf(t.tracing, checkout.server).map((span) => span.spanContext().spanId);
    expect(checkoutSpans).toContain(parentIdOf(attempt));
    expect(receiver.requests.map((request) => request.event.type)).toEqual(["order.created"]);
    dataOf(await t.graphql(DeleteWebhookEndpointDocument, { id: endpointId }, { token: admin.token }));
  } finally {
    await receiver.close();
  }
});

async function waitForSpan(matches: (span: ReadableSpan) => boolean): Promise<ReadableSpan> {
  const spans = await waitFor(
    async () => t.tracing.exporter.getFinishedSpans(),
    (finished) => finished.some(matches),
  );
  return spans.find(matches)!;
}

describe("jobs", () => {
  const enqueue = () =>
    t.tracing.tracer.startActiveSpan("mutation Enqueueing", (span) => {
      const carrier = currentTraceCarrier();
      span.end();
      return { carrier, enqueuedBy: span.spanContext() };
    });

  test("a job's handler runs in a CONSUMER span named after it, the child of the operation that enqueued it", async () => {
    const { carrier, enqueuedBy } = enqueue();
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Later, from the queue's poller: no request is active any more.
    const activeInHandler = await runInJobSpan("send-receipt", carrier, async () => {
      await t.db.prisma.$queryRaw`SELECT 1 AS answer`;
      return trace.getActiveSpan()!.spanContext();
    });

    const job = t.tracing.exporter
      .getFinishedSpans()
      .find((span) => span.spanContext().spanId === activeInHandler.spanId)!;
    expect(job.name).toBe("send-receipt");
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(job.spanContext().traceId).toBe(enqueuedBy.traceId);
    expect(parentIdOf(job)).toBe(enqueuedBy.spanId);
    expect(job.attributes["messaging.destination.name"]).toBe("send-receipt");
    const [statement] = childrenOf(t.tracing.exporter.getFinishedSpans(), job);
    expect(statement?.attributes["db.query.text"]).toBe("SELECT 1 AS answer");
  });

  test("a failing handler's span is in error and the failure reaches the queue", async () => {
    const { carrier } = enqueue();
    let spanId = "";
    await expect(
      runInJobSpan("flaky", carrier, async () => {
        spanId = trace.getActiveSpan()!.spanContext().spanId;
        throw new Error("gateway timed out");
      }),
    ).rejects.toThrow("gateway timed out");
    const job = t.tracing.exporter.getFinishedSpans().find((span) => span.spanContext().spanId === spanId)!;
    expect(job.status.code).toBe(SpanStatusCode.ERROR);
    expect(job.events.map((event) => event.name)).toEqual(["exception"]);
  });

  test("a job enqueued outside any trace starts a trace of its own", async () => {
    expect(currentTraceCarrier()).toEqual({});
    const spanId = await runInJobSpan("sweep", {}, async () => trace.getActiveSpan()!.spanContext().spanId);
    const job = t.tracing.exporter.getFinishedSpans().find((span) => span.spanContext().spanId === spanId)!;
    expect(parentIdOf(job)).toBeUndefined();
  });
});
