import type { AddressInfo } from "node:net";
import pg from "pg";
import type { App } from "../../src/app";
import { startAppOnPool } from "../helpers/app-on-pool";
import { eventFor, signedEvent, webhookSecret } from "../helpers/payments";
import {
  startRefusingPostgres,
  type RefusalOptions,
  type RefusingPostgres,
} from "../helpers/refusing-postgres";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";
import { startTestAppOnServer } from "../helpers/test-app-on-server";
import {
  canStartThrowawayPostgres,
  postgresBinDir,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "../helpers/throwaway-postgres";

/**
 * While PostgreSQL restarts, every request is either answered or refused with
 * 503 SERVICE_UNAVAILABLE — never INTERNAL_SERVER_ERROR — and service comes back by itself.
 */

const listing = "query Listing { products(first: 5) { edges { node { id name } } } }";
const me = "query Me { me { id email } }";
const register = "mutation Register($input: RegisterInput!) { register(input: $input) { token } }";

type Outcome = "ok" | "unavailable" | string;

/** A response is fine if it is a success, or a 503 whose every error is SERVICE_UNAVAILABLE. */
function outcomeOf(response: GraphQLResponse<unknown>): Outcome {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (response.status === 200 && codes.length === 0) return "ok";
  if (response.status === 503 && codes.length > 0 && codes.every((code) => code === "SERVICE_UNAVAILABLE"))
    return "unavailable";
  return `HTTP ${response.status} ${JSON.stringify(response.errors)}`;
}

/** Bazaar on a pool to `server` (no migrations: such a server cannot run them). */
function appOn(options: RefusalOptions) {
  let refusing: RefusingPostgres;
  let pool: pg.Pool;
  let app: App;
  beforeAll(async () => {
    refusing = await startRefusingPostgres(options);
    pool = new pg.Pool({ connectionString: refusing.url, max: 2 });
    pool.on("error", () => undefined);
    app = await startAppOnPool(pool, { BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: webhookSecret });
  });
  afterAll(async () => {
    await app.http.close();
    await pool.end();
    await refusing.close();
  });
  const baseUrl = () => `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  return {
    async graphql(
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ): Promise<GraphQLResponse<unknown>> {
      const response = await fetch(`${baseUrl()}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    /** A correctly signed payment webhook, as the test gateway would deliver it. */
    async webhook(): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
      const event = eventFor({ providerRef: "pi_test_outage", amount: 1000, currencyCode: "USD" });
      const { body, signature } = signedEvent(event);
      const response = await fetch(`${baseUrl()}/webhooks/payments/test`, {
        method: "POST",
        headers: { "content-type": "application/json", "bazaar-signature": signature },
        body,
      });
      return {
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.json(),
      };
    },
  };
}

describe("a PostgreSQL that is starting up (SQLSTATE 57P03 on connect)", () => {
  const app = appOn({ sqlState: "57P03", message: "the database system is starting up" });

  // Prisma 7 reports this as P2039 (P2010 for raw SQL) with the SQLSTATE only in
  // meta.driverAdapterError.cause.originalCode: it used to be answered INTERNAL_SERVER_ERROR.
  test("a resolver's query (raw SQL through Prisma) is 503 SERVICE_UNAVAILABLE", async () => {
    expect(outcomeOf(await app.graphql(listing))).toBe("unavailable");
  });

  test("resolving a signed-in viewer is 503 SERVICE_UNAVAILABLE", async () => {
    expect(outcomeOf(await app.graphql(me, {}, { authorization: `Bearer ${"A".repeat(43)}` }))).toBe(
      "unavailable",
    );
  });

  // Outside GraphQL too: the gateway must hear "later", not "broken", so it redelivers.
  test("a payment webhook is 503 SERVICE_UNAVAILABLE with Retry-After", async () => {
    expect(await app.webhook()).toEqual({
      status: 503,
      retryAfter: "1",
      body: expect.objectContaining({ code: "SERVICE_UNAVAILABLE" }),
    });
  });
});

describe("a PostgreSQL that shuts a connection down as it is made (57P01 right after ReadyForQuery)", () => {
  const app = appOn({
    sqlState: "57P01",
    message: "terminating connection due to administrator command",
    afterReady: true,
  });

  // The FATAL reaches the connection before Prisma's transaction listens to it: unheard, the
  // 'error' event used to end the process.
  test("a transaction (sign-up) is 503 SERVICE_UNAVAILABLE, and the process lives on", async () => {
    const input = { email: "shutdown@example.com", password: "correct horse", name: "S" };
    expect(outcomeOf(await app.graphql(register, { input }))).toBe("unavailable");
    expect(outcomeOf(await app.graphql(register, { input }))).toBe("unavailable");
  });
});

const describeWithPostgres = canStartThrowawayPostgres ? describe : describe.skip;

describeWithPostgres(
  `a real PostgreSQL restarted under load${canStartThrowawayPostgres ? "" : ` (skipped: no ${postgresBinDir})`}`,
  () => {
    let server: ThrowawayPostgres;
    let t: TestApp;
    let token: string;
    let signUps = 0;
    beforeAll(async () => {
      server = await startThrowawayPostgres();
      t = await startTestAppOnServer(server.url, { BAZAAR_COST_BUDGET: "100000000" });
      const signedUp = await t.graphql<{ register: { token: string } }>(register, {
        input: { email: "restart@example.com", password: "correct horse", name: "R" },
      });
      token = signedUp.data!.register.token;
    });
    afterAll(async () => {
      await t?.close();
      await server?.destroy();
    });

    /** Requests from a few clients at once, back to back, until stopped: a listing, `me`, sign-ups. */
    function startLoad(): { stop(): Promise<Outcome[]> } {
      const outcomes: Outcome[] = [];
      let running = true;
      const requests = [
        ...[1, 2, 3].map(() => () => t.graphql(listing)),
        ...[1, 2].map(() => () => t.graphql(me, {}, { token })),
        () =>
          t.graphql(register, {
            input: { email: `load${(signUps += 1)}@example.com`, password: "correct horse", name: "L" },
          }),
      ];
      const clients = requests.map(async (send) => {
        while (running) outcomes.push(outcomeOf(await send()));
      });
      return {
        async stop() {
          running = false;
          await Promise.all(clients);
          return outcomes;
        },
      };
    }

    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    /** Every request type succeeds again within a few seconds once the server is back. */
    async function expectRecovered(): Promise<void> {
      const deadline = Date.now() + 10_000;
      for (const send of [() => t.graphql(listing), () => t.graphql(me, {}, { token })]) {
        let outcome = outcomeOf(await send());
        while (outcome !== "ok" && Date.now() < deadline) {
          expect(outcome).toBe("unavailable");
          await pause(100);
          outcome = outcomeOf(await send());
        }
        expect(outcome).toBe("ok");
      }
    }

    /** Counts of each outcome: `{ ok: 120, unavailable: 14 }`, anything else listed by shape. */
    const tally = (outcomes: Outcome[]) =>
      outcomes.reduce<Record<string, number>>(
        (counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
        {},
      );

    /** Runs `outage` under load: every answer is a success or a 503, and service comes back. */
    async function expectOnlySuccessOrUnavailable(outage: () => Promise<void>): Promise<void> {
      const load = startLoad();
      await pause(300);
      await outage();
      await pause(700);
      const counts = tally(await load.stop());
      expect(Object.keys(counts).filter((outcome) => outcome !== "ok" && outcome !== "unavailable")).toEqual(
        [],
      );
      expect(counts.unavailable).toBeGreaterThan(0);
      await expectRecovered();
      // An outage is a warning in the log, not an error an operator must chase.
      expect(t.logs.filter((line) => line.level >= 50)).toEqual([]);
    }

    test("pg_ctl restart -m fast: each response is a success or 503 SERVICE_UNAVAILABLE, then service recovers", async () => {
      await expectOnlySuccessOrUnavailable(() => server.restart());
    });

    test("stopped for a second, then started: each response is a success or 503 SERVICE_UNAVAILABLE, then service recovers", async () => {
      await expectOnlySuccessOrUnavailable(async () => {
        await server.stop();
        await pause(1_000);
        await server.start();
      });
    });
  },
);
