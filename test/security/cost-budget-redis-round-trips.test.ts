import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  deleteKeys,
  logCommands,
  requireRedis,
  testRedisUrl,
  uniqueKeyPrefix,
  waitForRedis,
  type CommandLog,
} from "../helpers/redis";
import { waitFor } from "../helpers/wait-for";
import { costing, graphqlFrom, parsed, type RawAnswer } from "./hostile-flows";

/**
 * With REDIS_URL, an anonymous request that its budget pays for costs ONE command in Redis:
 * its charge. The on-arrival check is answered from the drained budgets every node announces
 * and hears of; only a budget that runs dry costs one more (the announcement). Two nodes (two
 * apps, each on its own database) share one Redis, and a MONITOR connection logs every
 * command that names a test client. A budget of 60 points, 10 back per second (a window of
 * 6 s in Redis), 60 at most per query; a refused request costs 30. Each test is its own
 * anonymous client (its own loopback address).
 */

let first: TestApp;
let second: TestApp;
let log: CommandLog;
const keyPrefix = uniqueKeyPrefix();
const syntaxError = "{ products(";
const free = "{ __typename }";

/** The names of the logged commands that concern `client` (its budget key, or a notice about it). */
function commandsFor(client: string): string[] {
  return log.commands
    .filter((args) => args.some((arg) => arg.includes(`ip:${client}`)))
    .map(([name]) => name!);
}

/** Sends `query` from `client` to `node`; the commands it cost once Redis has run them all. */
async function costInRedis(
  node: TestApp,
  client: string,
  query: string,
): Promise<{ answer: RawAnswer; commands: string[] }> {
  log.clear();
  const answer = await graphqlFrom(node, client, query);
  await log.settled();
  return { answer, commands: commandsFor(client) };
}

/** Both nodes turn `client` away on arrival (429, connection closed) without a command to Redis. */
async function expectRefusedOnArrivalByBoth(client: string, query: string): Promise<void> {
  for (const node of [second, first]) {
    const { answer, commands } = await costInRedis(node, client, query);
    expect(answer.status).toBe(429);
    expect(answer.headers.connection).toBe("close");
    expect(parsed(answer).errors?.[0]?.message).toMatch(/^Too many refused requests from this client/);
    expect(commands).toEqual([]);
  }
}

beforeAll(async () => {
  await requireRedis();
  const env = {
    REDIS_URL: testRedisUrl,
    BAZAAR_REDIS_KEY_PREFIX: keyPrefix,
    BAZAAR_COST_BUDGET: "60",
    BAZAAR_COST_RESTORE_RATE: "10",
    BAZAAR_MAX_QUERY_COST: "60",
    BAZAAR_REFUSAL_PENALTY: "30",
  };
  first = await startTestApp(env);
  second = await startTestApp(env);
  await Promise.all([waitForRedis(first, "up"), waitForRedis(second, "up")]);
  log = await logCommands(keyPrefix);
  // Until a whole window has passed since a node subscribed to the announcements, it may have
  // missed some and asks Redis on arrival: wait until both answer with one command.
  for (const node of [first, second]) {
    await waitFor(
      async () => (await costInRedis(node, "127.0.1.1", free)).commands,
      (commands) => commands.length === 1,
      15_000,
    );
  }
}, 30_000);
afterAll(async () => {
  log?.close();
  await first?.close();
  await second?.close();
  await deleteKeys(keyPrefix);
});

test("a request its budget pays for costs one command in Redis, its charge, on either node", async () => {
  const client = "127.0.0.51";
  for (const [node, remaining] of [
    [first, 54],
    [second, 48],
    [first, 42],
  ] as const) {
    const { answer, commands } = await costInRedis(node, client, costing(6));
    expect(answer.status).toBe(200);
    expect(parsed(answer).extensions?.cost).toMatchObject({ requested: 6, remaining });
    expect(commands).toEqual(["evalsha"]);
  }
});

test("a budget drained through one node is refused on arrival by both, neither asking Redis", async () => {
  const client = "127.0.0.52";
  const draining = await costInRedis(first, client, costing(60));
  expect(parsed(draining.answer).extensions?.cost).toMatchObject({ requested: 60, remaining: 0 });
  // The charge, then the announcement that the budget is empty.
  expect(draining.commands).toEqual(["evalsha", "publish"]);
  await expectRefusedOnArrivalByBoth(client, free);
});

test("refused requests pay their penalty; the one that drains the budget is announced, then both nodes refuse on arrival without asking Redis", async () => {
  const client = "127.0.0.53";
  // The penalty is charged after the response is sent: waited for in the log.
  const penalized = async (node: TestApp, expected: string[]) => {
    log.clear();
    expect((await graphqlFrom(node, client, syntaxError)).status).toBe(400);
    expect(
      await waitFor(
        async () => commandsFor(client),
        (names) => names.length >= expected.length,
      ),
    ).toEqual(expected);
  };
  await penalized(first, ["evalsha"]);
  await penalized(second, ["evalsha", "publish"]);
  // Not parsed any more: a syntax error gets the same 429.
  await expectRefusedOnArrivalByBoth(client, syntaxError);
});

test("a charge the budget cannot pay for is refused and costs nothing", async () => {
  const client = "127.0.0.54";
  expect(parsed((await costInRedis(second, client, costing(45))).answer).extensions?.cost).toMatchObject({
    remaining: 15,
  });
  const refused = await costInRedis(first, client, costing(30));
  expect(refused.answer.status).toBe(429);
  expect(parsed(refused.answer).extensions?.cost).toMatchObject({ requested: 30, remaining: 15 });
  // The charge and the refund of what it took; the budget was not empty, so no announcement.
  expect(refused.commands).toEqual(["evalsha", "evalsha"]);
  expect(parsed((await costInRedis(second, client, costing(15))).answer).extensions?.cost).toMatchObject({
    remaining: 0,
  });
});
