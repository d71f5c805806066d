import { RequestContext } from "../../src/common/request-context";
import { useTestApp } from "../helpers/test-app";

/** Transactions.afterCommit: work that must only follow a committed change (telling subscribers). */

const t = useTestApp();
const ctx = RequestContext.system("after-commit-test");

test("outside a transaction, the callback runs at once", async () => {
  const ran: string[] = [];
  await t.app.services.transactions.afterCommit(ctx, () => void ran.push("callback"));
  expect(ran).toEqual(["callback"]);
});

test("inside nested transactions, callbacks run in order after the outermost commit", async () => {
  const { transactions } = t.app.services;
  const ran: string[] = [];
  const result = await transactions.withTransaction(ctx, async (outer) => {
    await transactions.afterCommit(outer, () => void ran.push("outer"));
    await transactions.withTransaction(outer, async (inner) => {
      await transactions.afterCommit(inner, () => void ran.push("inner"));
    });
    ran.push("work done");
    return 42;
  });
  expect(result).toBe(42);
  expect(ran).toEqual(["work done", "outer", "inner"]);
});

test("a transaction that rolls back runs none of its callbacks", async () => {
  const { transactions } = t.app.services;
  const ran: string[] = [];
  await expect(
    transactions.withTransaction(ctx, async (tx) => {
      await transactions.afterCommit(tx, () => void ran.push("callback"));
      throw new Error("rolled back on purpose");
    }),
  ).rejects.toThrow("rolled back on purpose");
  expect(ran).toEqual([]);
});

test("a failing callback is logged and fails nothing: the next callbacks still run", async () => {
  const { transactions } = t.app.services;
  const ran: string[] = [];
  const result = await transactions.withTransaction(ctx, async (tx) => {
    await transactions.afterCommit(tx, () => {
      throw new Error("subscriber bus down");
    });
    await transactions.afterCommit(tx, () => void ran.push("second"));
    return "committed";
  });
  expect([result, ran]).toEqual(["committed", ["second"]]);
  expect(t.logs.filter((line) => line.msg === "after-commit work failed")).toHaveLength(1);
});
