import { readFileSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { DriverError } from "../../src/db/driver-errors";
import { createPrismaClient } from "../../src/db/prisma-client";
import { isDatabaseUnavailable, pgConnectionFailureMessages } from "../../src/db/unavailable";
import { Prisma } from "../../src/generated/prisma/client";

/** pg's own error for a server answer, as pg-protocol builds it. */
function databaseError(code: string, message = "server says no"): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  error.severity = "FATAL";
  return error;
}

/** Prisma's adapter error for a PostgreSQL answer it has no kind of its own for. */
function postgresAdapterError(code: string, message: string): DriverAdapterError {
  return new DriverAdapterError({
    kind: "postgres",
    code,
    severity: "FATAL",
    message,
    detail: undefined,
    column: undefined,
    hint: undefined,
    originalCode: code,
    originalMessage: message,
  });
}

/** What Prisma 7 throws for an adapter error: the SQLSTATE only in `meta.driverAdapterError`. */
function prismaError(
  code: string,
  driverAdapterError?: DriverAdapterError,
): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError(`Database error. Code: ${code}.`, {
    code,
    clientVersion: Prisma.prismaVersion.client,
    meta: { driverAdapterError },
  });
}

/** A port nothing listens on (the OS gave it out, then it was closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Node's own error for a refused connection (errno, syscall, code). */
async function refusedConnection(port: number): Promise<Error> {
  return new Promise((resolve) => connect(port, "127.0.0.1").on("error", resolve));
}

describe("errors that mean the database is not there", () => {
  test.each(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08006", "53300"])(
    "pg's DatabaseError with SQLSTATE %s",
    (code) => {
      expect(isDatabaseUnavailable(databaseError(code))).toBe(true);
    },
  );

  test.each(["P2010", "P2039"])(
    "Prisma %s wrapping 57P03 'the database system is starting up' (the issue's restart window)",
    (code) => {
      const error = prismaError(code, postgresAdapterError("57P03", "the database system is starting up"));
      expect(isDatabaseUnavailable(error)).toBe(true);
    },
  );

  test.each(["P1001", "P1017", "P2024", "P2037"])("Prisma's own code %s", (code) => {
    expect(isDatabaseUnavailable(prismaError(code))).toBe(true);
  });

  test.each([
    { kind: "DatabaseNotReachable" as const },
    { kind: "ConnectionClosed" as const },
    { kind: "SocketTimeout" as const },
    { kind: "TooManyConnections" as const, cause: "too many clients" },
  ])("Prisma's adapter kind $kind, bare or wrapped in P2010", (cause) => {
    expect(isDatabaseUnavailable(new DriverAdapterError(cause))).toBe(true);
    expect(isDatabaseUnavailable(prismaError("P2010", new DriverAdapterError(cause)))).toBe(true);
  });

  test("a socket error the driver raised (errno ECONNREFUSED), as it leaves Prisma's adapter", async () => {
    expect(isDatabaseUnavailable(new DriverError(await refusedConnection(await closedPort())))).toBe(true);
  });

  test("an error whose cause is one of them", () => {
    const cause = prismaError(
      "P2039",
      postgresAdapterError("57P01", "terminating connection due to administrator command"),
    );
    expect(isDatabaseUnavailable(new Error("could not load the cart", { cause }))).toBe(true);
  });
});

describe("errors that do not", () => {
  test.each(["23505", "57014", "42P01", "28P01", "3D000"])("pg's DatabaseError with SQLSTATE %s", (code) => {
    expect(isDatabaseUnavailable(databaseError(code))).toBe(false);
  });

  test("a unique violation through Prisma (P2002), or a syntax error wrapped in P2010", () => {
    const unique = new DriverAdapterError({
      kind: "UniqueConstraintViolation",
      constraint: { fields: ["email"] },
    });
    expect(isDatabaseUnavailable(prismaError("P2002", unique))).toBe(false);
    expect(
      isDatabaseUnavailable(prismaError("P2010", postgresAdapterError("42601", "syntax error at or near"))),
    ).toBe(false);
  });

  test("a plain Error, or nothing", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });

  // Judged by origin, not by text: these say what pg says, but pg did not say them.
  test.each([
    "Connection terminated unexpectedly",
    "connection terminated",
    "timeout exceeded when trying to connect",
  ])("an Error of ours reading %j", (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error(message), { code: "57P03" }))).toBe(false);
  });

  test("a refused connection that is not the database's (say, the mail server's)", async () => {
    expect(isDatabaseUnavailable(await refusedConnection(await closedPort()))).toBe(false);
  });

  test("something else the driver raised", () => {
    expect(
      isDatabaseUnavailable(
        new DriverError(new Error("Release called on client which has already been released to the pool.")),
      ),
    ).toBe(false);
  });
});

describe("what Prisma over a real pg pool throws", () => {
  // Accepts connections and never answers, as a wedged server or a full network queue would.
  const sockets: Socket[] = [];
  const blackHole: Server = createServer((socket) => void sockets.push(socket));
  beforeAll(() => new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve)));
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  async function failureOf(
    pool: pg.Pool,
    work: (prisma: ReturnType<typeof createPrismaClient>) => Promise<unknown>,
  ): Promise<unknown> {
    pool.on("error", () => undefined);
    const prisma = createPrismaClient(pool);
    try {
      await work(prisma);
    } catch (error) {
      return error;
    } finally {
      await pool.end().catch(() => undefined);
    }
    throw new Error("the query succeeded");
  }

  test("when nothing listens on the port (ECONNREFUSED): a raw query and a model query", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`;
    expect(
      isDatabaseUnavailable(
        await failureOf(new pg.Pool({ connectionString: url }), (prisma) => prisma.$queryRaw`SELECT 1`),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        await failureOf(new pg.Pool({ connectionString: url }), (prisma) => prisma.user.findFirst()),
      ),
    ).toBe(true);
  });

  test("when connecting times out, and when the pool has no connection free in time", async () => {
    const url = `postgresql://postgres@127.0.0.1:${(blackHole.address() as AddressInfo).port}/postgres`;
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 });
    const errors: unknown[] = [];
    await failureOf(pool, (prisma) =>
      Promise.all([
        prisma.$queryRaw`SELECT 1`.catch((error: unknown) => errors.push(error)),
        prisma.$queryRaw`SELECT 2`.catch((error: unknown) => errors.push(error)),
      ]).then(() => {
        throw new Error("both failed");
      }),
    );
    expect(
      errors
        .map((error) => [
          (error as DriverError).cause instanceof Error && (error as { cause: Error }).cause.message,
          isDatabaseUnavailable(error),
        ])
        .sort(),
    ).toEqual([
      ["Connection terminated due to connection timeout", true],
      ["timeout exceeded when trying to connect", true],
    ]);
  });

  test("when the pool has been ended (shutting down)", async () => {
    const pool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/postgres" });
    await pool.end();
    const error = await failureOf(pool, (prisma) => prisma.$queryRaw`SELECT 1`);
    expect(error).toBeInstanceOf(DriverError);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

test("each pg message read as a lost connection is still pg's own wording", () => {
  const source = ["pg/lib/client.js", "pg-pool"]
    .map((file) => readFileSync(require.resolve(file), "utf8"))
    .join("\n");
  for (const message of pgConnectionFailureMessages) expect(source).toContain(`'${message}'`);
});
