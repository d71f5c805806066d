import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { StatementCounter } from "../db/statement-counter";

/** Operation names are client-chosen: past this many distinct ones, the rest count as "other". */
const maxOperationLabels = 200;

/** Bazaar's Prometheus metrics, one registry per app (tests run several apps per process). */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly requests = new Counter({
    name: "bazaar_graphql_requests_total",
    help: "GraphQL operations served, by operation name and outcome.",
    labelNames: ["operation", "outcome"] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: "bazaar_graphql_request_duration_seconds",
    help: "Time to serve a GraphQL operation.",
    labelNames: ["operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: "bazaar_graphql_errors_total",
    help: "GraphQL errors returned, by extensions.code.",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly costBudgetFallbacks = new Counter({
    name: "bazaar_cost_budget_fallback_total",
    help: "Query-cost budget charges, penalties and checks served from this node's memory because Redis did not answer.",
    registers: [this.registry],
  });

  readonly subscriptionResults = new Counter({
    name: "bazaar_subscription_results_total",
    help: "Subscription event results handed to subscribers, by field and source: executed for the subscriber, or shared from another subscriber's execution of the same event (same document, variables and viewer class).",
    labelNames: ["field", "source"] as const,
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: "bazaar_jobs_total",
    help: "Background job attempts, by job and outcome: completed; retried (failed, will run again); failed (given up).",
    labelNames: ["job", "outcome"] as const,
    registers: [this.registry],
  });

  constructor(pool: pg.Pool, statements?: StatementCounter) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    if (statements) {
      let reported = 0;
      new Counter({
        name: "bazaar_db_statements_total",
        help: "SQL statements sent to the database (every query on the pool, BEGIN and COMMIT included).",
        registers: [this.registry],
        collect() {
          // Read at scrape time: the driver counts, this only reports the difference.
          this.inc(statements.count - reported);
          reported = statements.count;
        },
      });
    }
    new Gauge({
      name: "bazaar_db_pool_connections",
      help: "Database pool connections, by state.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }

  /** Reports whether the shared Redis answers (only when one is configured). */
  watchRedis(redis: { readonly isUp: boolean }): void {
    new Gauge({
      name: "bazaar_redis_up",
      help: "1 when the Redis shared by the nodes answers, 0 while budgets fall back to this node's memory.",
      registers: [this.registry],
      collect() {
        this.set(redis.isUp ? 1 : 0);
      },
    });
  }

  /** A bounded label for a client-supplied operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return "other";
    if (this.operations.has(name) || this.operations.size < maxOperationLabels) {
      this.operations.add(name);
      return name;
    }
    return "other";
  }
}

/** `GET /metrics` in Prometheus' text format. */
export function registerMetricsRoute(http: FastifyInstance, metrics: Metrics): void {
  http.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
