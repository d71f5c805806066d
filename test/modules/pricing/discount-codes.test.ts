import { DiscountCodesDocument } from "../../../client";
import { registerOk, staffAccount } from "../../helpers/accounts";
import { globalId } from "../../helpers/ids";
import { readNode } from "../../helpers/node";
import {
  createDiscountCode,
  createDiscountCodeOk,
  uniqueCode,
  updateDiscountCode,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
});

describe("createDiscountCode", () => {
  test("a percentage code with every setting, shown as created", async () => {
    const code = uniqueCode("Summer");
    const created = await createDiscountCodeOk(t, staff, {
      code,
      type: "PERCENTAGE",
      value: "12.5",
      minimumSubtotal: "30",
      startsAt: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-09-01T00:00:00.000Z",
      usageLimit: 100,
      usageLimitPerCustomer: 1,
    });
    expect(created).toEqual({
      id: expect.any(String),
      code,
      type: "PERCENTAGE",
      value: "12.50",
      minimumSubtotal: { amount: "30.00", currencyCode: "USD" },
      startsAt: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-09-01T00:00:00.000Z",
      usageLimit: 100,
      usageLimitPerCustomer: 1,
      timesUsed: 0,
      active: true,
      createdAt: expect.any(String),
    });
  });

  test.each([
    ["FIXED_AMOUNT", "5", "5.00"],
    ["FIXED_AMOUNT", "0.01", "0.01"],
    ["FREE_SHIPPING", "0", "0.00"],
    ["PERCENTAGE", "100", "100.00"],
    ["PERCENTAGE", "1", "1.00"],
  ] as const)("%s %s: value %s, no limits", async (type, value, shown) => {
    expect(await createDiscountCodeOk(t, staff, { type, value })).toMatchObject({
      type,
      value: shown,
      minimumSubtotal: null,
      startsAt: null,
      endsAt: null,
      usageLimit: null,
      usageLimitPerCustomer: null,
    });
  });

  test("a code taken in another case is a CONFLICT naming code", async () => {
    const code = uniqueCode("Welcome");
    await createDiscountCodeOk(t, staff, { code });
    expectError(
      await createDiscountCode(t, staff, { code: code.toUpperCase(), type: "FREE_SHIPPING", value: "0" }),
      "CONFLICT",
      "code",
    );
    expectError(
      await createDiscountCode(t, staff, { code: code.toLowerCase(), type: "FREE_SHIPPING", value: "0" }),
      "CONFLICT",
      "code",
    );
  });

  test("two staff creating the same code at once: one wins, the other is a CONFLICT", async () => {
    const code = uniqueCode("Race");
    const other = (await staffAccount(t)).token;
    const responses = await Promise.all([
      createDiscountCode(t, staff, { code, type: "PERCENTAGE", value: "5" }),
      createDiscountCode(t, other, { code: code.toLowerCase(), type: "FIXED_AMOUNT", value: "5" }),
    ]);
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
    const [row] = await t.db.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM discount_codes WHERE lower(code) = lower(${code})`;
    expect(row!.count).toBe(1);
  });

  test.each([
    ["a percentage above 100", { type: "PERCENTAGE", value: "100.5" }, "value"],
    ["a percentage below 1", { type: "PERCENTAGE", value: "0.5" }, "value"],
    ["a negative amount", { type: "FIXED_AMOUNT", value: "-5" }, "value"],
    ["a zero amount", { type: "FIXED_AMOUNT", value: "0" }, "value"],
    ["three decimals", { type: "FIXED_AMOUNT", value: "1.005" }, "value"],
    ["free shipping with a value", { type: "FREE_SHIPPING", value: "5" }, "value"],
    [
      "a negative minimum subtotal",
      { type: "FREE_SHIPPING", value: "0", minimumSubtotal: "-1" },
      "minimumSubtotal",
    ],
    [
      "an end before the start",
      { type: "FREE_SHIPPING", value: "0", startsAt: "2026-06-02T00:00:00Z", endsAt: "2026-06-01T00:00:00Z" },
      "endsAt",
    ],
    ["a usage limit of 0", { type: "FREE_SHIPPING", value: "0", usageLimit: 0 }, "usageLimit"],
    [
      "a per-customer limit of -1",
      { type: "FREE_SHIPPING", value: "0", usageLimitPerCustomer: -1 },
      "usageLimitPerCustomer",
    ],
    ["a code with spaces", { code: "TWO WORDS", type: "FREE_SHIPPING", value: "0" }, "code"],
    ["a code too short", { code: "AB", type: "FREE_SHIPPING", value: "0" }, "code"],
  ] as const)("%s: BAD_USER_INPUT naming %s", async (_label, fields, field) => {
    const before = await t.db.prisma.discountCode.count();
    expectError(
      await createDiscountCode(t, staff, { code: uniqueCode(), ...fields }),
      "BAD_USER_INPUT",
      field,
    );
    expect(await t.db.prisma.discountCode.count()).toBe(before);
  });
});

describe("updateDiscountCode", () => {
  test("switches off, sets and clears the end and the limit; absent fields stay", async () => {
    const created = await createDiscountCodeOk(t, staff, {
      usageLimit: 5,
      startsAt: "2026-01-01T00:00:00.000Z",
    });
    const off = dataOf(
      await updateDiscountCode(t, staff, {
        id: created.id,
        active: false,
        endsAt: "2027-01-01T00:00:00.000Z",
      }),
    ).updateDiscountCode;
    expect(off).toMatchObject({ active: false, endsAt: "2027-01-01T00:00:00.000Z", usageLimit: 5 });
    const cleared = dataOf(
      await updateDiscountCode(t, staff, { id: created.id, endsAt: null, usageLimit: null }),
    ).updateDiscountCode;
    expect(cleared).toMatchObject({ active: false, endsAt: null, usageLimit: null, value: "10.00" });
  });

  test("an end before the code's start is BAD_USER_INPUT naming endsAt", async () => {
    const created = await createDiscountCodeOk(t, staff, { startsAt: "2026-06-01T00:00:00.000Z" });
    expectError(
      await updateDiscountCode(t, staff, { id: created.id, endsAt: "2026-05-01T00:00:00.000Z" }),
      "BAD_USER_INPUT",
      "endsAt",
    );
  });

  test("an unknown code is NOT_FOUND; a malformed id BAD_USER_INPUT naming id", async () => {
    expectError(
      await updateDiscountCode(t, staff, {
        id: globalId("DiscountCode", "00000000-0000-4000-8000-000000000000"),
        active: false,
      }),
      "NOT_FOUND",
    );
    expectError(await updateDiscountCode(t, staff, { id: "nope", active: false }), "BAD_USER_INPUT", "id");
    expectError(
      await updateDiscountCode(t, staff, {
        id: globalId("TaxClass", "00000000-0000-4000-8000-000000000000"),
      }),
      "BAD_USER_INPUT",
      "id",
    );
  });
});

describe("discountCodes", () => {
  test("newest first, paged by cursor, with the total count", async () => {
    const total = await t.db.prisma.discountCode.count();
    const first = dataOf(
      await t.graphql(DiscountCodesDocument, { first: 2 }, { token: staff }),
    ).discountCodes;
    expect(first.totalCount).toBe(total);
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(total > 2);
    const rest = dataOf(
      await t.graphql(
        DiscountCodesDocument,
        { first: 100, after: first.pageInfo.endCursor },
        { token: staff },
      ),
    ).discountCodes;
    const all = [...first.edges, ...rest.edges].map((edge) => edge.node);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((code) => code.id)).size).toBe(total);
    const times = all.map((code) => code.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  test("a forged cursor or a page size out of range is BAD_USER_INPUT", async () => {
    expectError(
      await t.graphql(DiscountCodesDocument, { after: "forged.cursor" }, { token: staff }),
      "BAD_USER_INPUT",
      "after",
    );
    expectError(
      await t.graphql(DiscountCodesDocument, { first: 101 }, { token: staff }),
      "BAD_USER_INPUT",
      "first",
    );
  });
});

test("node(id) finds a code for staff only", async () => {
  const created = await createDiscountCodeOk(t, staff);
  expect(await readNode(t, created.id, staff)).toEqual({ id: created.id });
  expect(await readNode(t, created.id, (await registerOk(t)).token)).toBeNull();
  expect(await readNode(t, created.id)).toBeNull();
});
