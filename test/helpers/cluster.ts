import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { openDatabase, type Database } from "../../src/db/database";
import { templateVariable } from "./database-template";
import { seedTestShipping } from "./test-shop-shipping";
import { graphqlAt, type GraphQLPost } from "./graphql-client";
import { webhookSecret } from "./payments";
import { deleteKeys, requireRedis, testRedisUrl, uniqueKeyPrefix } from "./redis";
import { serverBuild } from "./server-build";
import { ServerProcess } from "./server-process";
import { useStarted } from "./test-app";
import { createDatabaseOnServer, type TestDatabase } from "./test-database";

/**
 * Several Bazaar servers as real processes (`node main.js`) on one PostgreSQL database and
 * the machine's Redis, as a deployment runs them: for what only shows between processes
 * (races across connection pools, state shared through Redis, a process killed mid-work).
 */

/** What a process does (BAZAAR_ROLE): serve the API, run background work, or both. */
export type NodeRole = "api" | "worker" | "all";

export interface NodeSpec {
  /** Unique in the cluster; prefixes its lines in the log. */
  name: string;
  role: NodeRole;
  /** Settings of this node only, over the cluster's. */
  env?: Record<string, string>;
}

export interface ClusterOptions {
  /** Started in parallel (default: two `api` nodes, api-1 and api-2). */
  nodes?: NodeSpec[];
  /** Settings for every node, over the cluster's own (see `startCluster`). */
  env?: Record<string, string>;
  /** Share the machine's Redis (default true); the cluster fails to start when it is down. */
  redis?: boolean;
}

/** One server process of a cluster. */
export class ClusterNode extends ServerProcess {
  constructor(
    readonly role: NodeRole,
    ...options: ConstructorParameters<typeof ServerProcess>
  ) {
    super(...options);
  }

  /** GraphQL over HTTP to this node, as test helpers taking `Pick<TestApp, "graphql">` expect. */
  get graphql(): GraphQLPost {
    return graphqlAt(this.baseUrl);
  }

  /** Stops it with `signal` (SIGTERM: drains first) and starts it again on the same port. */
  async restart(signal: "SIGKILL" | "SIGTERM" = "SIGTERM"): Promise<void> {
    await this.kill(signal);
    await this.start();
  }
}

export interface Cluster {
  nodes: ClusterNode[];
  /** The node called `name`; fails when there is none. */
  node(name: string): ClusterNode;
  /**
   * A client of the cluster's database (its own small pool), to seed rows and read results:
   * helpers taking `Pick<TestApp, "db">` take the cluster.
   */
  db: Database;
  /** The key prefix every node writes to Redis under (undefined without Redis). */
  redisKeyPrefix: string | undefined;
  /** Every node's output, each line prefixed with the node's name; kept when a test fails. */
  logFile: string;
  /** Starts one more node (e.g. a replacement worker) with the cluster's settings. */
  addNode(spec: NodeSpec): Promise<ClusterNode>;
  /** The last `lines` lines of the log. */
  logTail(lines?: number): Promise<string>;
  /** Marks the run failed: `close` then keeps the log file. */
  markFailed(): void;
  /** Kills every node, drops the database, deletes the Redis keys. */
  close(): Promise<void>;
}

/**
 * The PostgreSQL server multi-node tests run on: the run's (`TEST_DATABASE_URL`), else the
 * machine's. Never the embedded database: it is one session inside the test's process,
 * which other processes cannot share.
 */
const postgresServer = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A database of the cluster's own; a copy of the run's migrated template when it lives on that server. */
async function createClusterDatabase(): Promise<TestDatabase> {
  const template = process.env.TEST_DATABASE_URL ? process.env[templateVariable] : undefined;
  try {
    return await createDatabaseOnServer(postgresServer, template);
  } catch (error) {
    throw new Error(
      `Multi-node tests need a real PostgreSQL at ${postgresServer} (set TEST_DATABASE_URL, or start the machine's: see .ci/run): ${String(error)}`,
    );
  }
}

/**
 * Starts the nodes on a fresh database and (unless `redis: false`) a key prefix of their own
 * in the machine's Redis, and waits until each answers /readyz (with Redis up). Every node
 * gets: NODE_ENV=test, HOST=127.0.0.1, LOG_LEVEL=info (its port is read from an info
 * line: keep it), DATABASE_URL, a pool of 4, BAZAAR_SEED_DEMO=false, BAZAAR_ROLE, a cursor
 * secret shared by the cluster, the test gateway's webhook secret of `payments.ts` (so
 * `signedEvent` signs for it), REDIS_URL and BAZAAR_REDIS_KEY_PREFIX; then `options.env`,
 * then the node's own `env`. What was started is stopped again when starting fails.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const specs = options.nodes ?? [
    { name: "api-1", role: "api" },
    { name: "api-2", role: "api" },
  ];
  const redis = options.redis ?? true;
  if (redis) await requireRedis();
  const mainScript = await serverBuild();

  const logDir = await mkdtemp(path.join(os.tmpdir(), "bazaar-cluster-"));
  const logFile = path.join(logDir, "nodes.log");
  const log = createWriteStream(logFile);
  const redisKeyPrefix = redis ? uniqueKeyPrefix() : undefined;
  const nodes: ClusterNode[] = [];
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  let failed = false;
  let sharedEnv: Record<string, string> = {};

  const addNode = async (spec: NodeSpec): Promise<ClusterNode> => {
    if (nodes.some((node) => node.name === spec.name))
      throw new Error(`a node is already called ${spec.name}`);
    const node = new ClusterNode(spec.role, {
      name: spec.name,
      mainScript,
      env: { ...sharedEnv, BAZAAR_ROLE: spec.role, ...spec.env },
      waitForRedis: redis,
      onLine: (name, line) => void log.write(`${name} | ${line}\n`),
    });
    nodes.push(node);
    await node.start();
    return node;
  };

  const logTail = async (lines = 150): Promise<string> =>
    (await readFile(logFile, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");

  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.kill("SIGKILL")));
    log.end();
    await finished(log);
    await db?.close();
    await database?.drop();
    if (redisKeyPrefix !== undefined) await deleteKeys(redisKeyPrefix);
    if (!failed) await rm(logDir, { recursive: true, force: true });
  };

  try {
    database = await createClusterDatabase();
    // Migrated here, before any node starts, so that the nodes do not race to migrate it.
    db = await openDatabase({ url: database.connectionString, poolSize: 3 });
    // A copy of the run's template has them already; a database migrated just now gets them.
    await seedTestShipping(database.connectionString);
    sharedEnv = {
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATABASE_URL: database.connectionString,
      BAZAAR_DATABASE_POOL_SIZE: "4",
      BAZAAR_SEED_DEMO: "false",
      BAZAAR_CURSOR_SECRET: randomBytes(32).toString("hex"),
      BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: webhookSecret,
      ...(redisKeyPrefix === undefined
        ? {}
        : { REDIS_URL: testRedisUrl, BAZAAR_REDIS_KEY_PREFIX: redisKeyPrefix }),
      ...options.env,
    };
    const started = await Promise.allSettled(specs.map(addNode));
    const failure = started.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  } catch (error) {
    failed = true;
    const tail = await logTail().catch(() => "");
    await close();
    throw withLog(error, logFile, tail);
  }

  return {
    nodes,
    node(name) {
      const node = nodes.find((candidate) => candidate.name === name);
      if (!node) throw new Error(`no node called ${name} (nodes: ${nodes.map((n) => n.name).join(", ")})`);
      return node;
    },
    db,
    redisKeyPrefix,
    logFile,
    addNode,
    logTail,
    markFailed: () => void (failed = true),
    close,
  };
}

function withLog(error: unknown, logFile: string, tail: string): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  failure.message += `\n\nThe cluster's log (${logFile}; kept), last lines:\n${tail || "(empty)"}`;
  return failure;
}

/** Starting may include compiling the server (10–30 s, once per version of the sources). */
const clusterStartTimeoutMs = 180_000;

/** A cluster for the enclosing block (see `useStarted`). */
export function useCluster(options: ClusterOptions = {}): Cluster {
  return useStarted(() => startCluster(options), clusterStartTimeoutMs);
}

/**
 * A test body whose failure carries the end of the cluster's log (and keeps the whole file):
 * `test("…", showingLogs(cluster, async () => { … }))`.
 */
export function showingLogs(cluster: Cluster, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      cluster.markFailed();
      throw withLog(error, cluster.logFile, await cluster.logTail().catch(() => ""));
    }
  };
}
