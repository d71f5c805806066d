import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { DatabaseUnavailableError, openDatabase, type Database } from "../../src/db/database";
import { demoAccounts, seedDemoShop } from "../../src/db/seed/demo-shop";
import { createLogger } from "../../src/logger";

const logger = createLogger({ logLevel: "silent" });

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

/** A fresh folder for an embedded database, removed after each test. */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-db-test-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const openAt = (dir: string): Promise<Database> => openDatabase({ dataDir: dir, poolSize: 1 });
const lockFile = (): string => path.join(dataDir, "bazaar.lock");

describe("an unreachable PostgreSQL server", () => {
  test("gives one DatabaseUnavailableError line naming the server and the cause", async () => {
    const error = await rejectionOf(
      openDatabase({ url: "postgresql://nobody@127.0.0.1:1/none", poolSize: 1 }),
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const { message } = error as DatabaseUnavailableError;
    expect(message).toContain("cannot reach PostgreSQL");
    expect(message).toContain("127.0.0.1:1/none");
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toMatch(/\n/);
  });
});

describe("the embedded database in a data directory", () => {
  test("keeps its rows across a restart and does not migrate twice", async () => {
    const first = await openAt(dataDir);
    expect(first.embedded).toBe(true);
    expect(first.appliedMigrations.length).toBeGreaterThan(0);
    const { id } = await first.prisma.user.create({
      data: { email: "persist@example.com", name: "Persisted", passwordHash: "not-a-real-hash" },
    });
    await first.close();

    const second = await openAt(dataDir);
    try {
      expect(second.appliedMigrations).toEqual([]);
      const row = await second.prisma.user.findUnique({ where: { id } });
      expect(row).toMatchObject({ email: "persist@example.com", name: "Persisted" });
    } finally {
      await second.close();
    }
  });

  test("holds a lock file with its pid while open, and removes it on close", async () => {
    const db = await openAt(dataDir);
    try {
      expect(readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile())).toBe(false);
  });
});

describe("the data-directory lock", () => {
  test("refuses to open a directory another live process holds, saying which", async () => {
    // A live process that is not this one, standing in for a second `npm start`.
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const pid = holder.pid!;
      writeFileSync(lockFile(), String(pid));
      const error = await rejectionOf(openAt(dataDir));
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      const { message } = error as DatabaseUnavailableError;
      expect(message).toContain(`in use by process ${pid}`);
      expect(message).toContain(dataDir);
      expect(message).not.toMatch(/\n/);
    } finally {
      holder.kill();
    }
  });

  test("refuses a second open of a directory this process already has open", async () => {
    // Two PGlite instances on the same files diverge and corrupt them, whichever process owns them.
    const first = await openAt(dataDir);
    try {
      const error = await rejectionOf(openAt(dataDir).then((second) => second.close()));
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as DatabaseUnavailableError).message).toContain("in use by process");
      expect(existsSync(lockFile())).toBe(true);
    } finally {
      await first.close();
    }
  });

  test("takes over a lock left behind by a process that died", async () => {
    // pid_max on Linux is at most 4194304 by default and 32768 here: 999999 is nobody.
    writeFileSync(lockFile(), "999999");
    const db = await openAt(dataDir);
    try {
      expect(db.embedded).toBe(true);
      expect(await db.prisma.user.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe("the demo shop seed", () => {
  let db: Database;
  let app: App;
  let baseUrl: string;
  const outcomes: string[] = [];
  const counts = (): Promise<number[]> =>
    Promise.all([
      db.prisma.product.count(),
      db.prisma.productVariant.count(),
      db.prisma.user.count(),
      db.prisma.category.count(),
    ]);
  let countsAfterFirst: number[];
  let countsAfterSecond: number[];

  beforeAll(async () => {
    db = await openDatabase({ poolSize: 1 });
    outcomes.push(await seedDemoShop(db.prisma, logger, "USD"));
    countsAfterFirst = await counts();
    outcomes.push(await seedDemoShop(db.prisma, logger, "USD"));
    countsAfterSecond = await counts();
    app = await buildApp({
      config: loadConfig({ NODE_ENV: "test" }),
      prisma: db.prisma,
      pool: db.pool,
      logger,
    });
    await app.http.listen({ host: "127.0.0.1", port: 0 });
    baseUrl = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.http.close();
    await db?.close();
  });

  test("fills an empty database once, then leaves it alone", () => {
    expect(outcomes).toEqual(["seeded", "already-seeded"]);
    expect(countsAfterSecond).toEqual(countsAfterFirst);
  });

  test("makes a small but realistic shop", async () => {
    const [products, variants, users, categories] = countsAfterFirst as [number, number, number, number];
    expect(products).toBeGreaterThanOrEqual(150);
    expect(products).toBeLessThanOrEqual(250);
    expect(variants).toBeGreaterThanOrEqual(products);
    expect(categories).toBeGreaterThan(3);
    expect(users).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.review.count()).toBeGreaterThan(0);
    const currencies = await db.prisma.order.findMany({
      distinct: ["currencyCode"],
      select: { currencyCode: true },
    });
    expect(currencies).toEqual([{ currencyCode: "USD" }]);
  });

  test.each([
    ["admin", "ADMIN"],
    ["staff", "STAFF"],
    ["customer", "CUSTOMER"],
  ] as const)(
    "the %s demo account signs in with the README's password and has role %s",
    async (who, role) => {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation ($input: LoginInput!) { login(input: $input) { token user { email roles } } }",
          variables: { input: demoAccounts[who] },
        }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        data: {
          login: { token: expect.any(String), user: { email: demoAccounts[who].email, roles: [role] } },
        },
      });
    },
  );
});
