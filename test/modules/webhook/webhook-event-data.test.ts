import { Prisma } from "../../../src/generated/prisma/client";
import { toGlobalId } from "../../../src/graphql/global-id";
import { formatMinorUnits } from "../../../src/graphql/money";
import { dateTimeSql, globalIdSql, hundredthsSql } from "../../../src/graphql/sql-formats";
import { formatOrderNumber, orderNumberSql } from "../../../src/modules/order/order.type";
import { formatPercent } from "../../../src/modules/pricing/percent";
import { accountWithRoles, registerOk } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { keyOf } from "../../helpers/ids";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import { applyDiscountCodeOk, createDiscountCodeOk, germanTaxClasses } from "../../helpers/pricing";
import { dataOf } from "../../helpers/results";
import { seedVariant } from "../../helpers/seed";
import { useStarted, useTestApp } from "../../helpers/test-app";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import { registerReceiver, webhookTestEnv } from "../../helpers/webhooks";

/**
 * Order events are built by PostgreSQL (in the statement that writes them), with SQL twins of
 * the API's formatters: each twin agrees with its formatter, and an ORDER_CREATED event as
 * received says exactly what the API says about the order, byte for byte, in the wire order.
 */

const t = useTestApp(webhookTestEnv);
const receiver = useStarted(() => startWebhookReceiver());

/** Each SQL expression over `$1` evaluated for every value, in one statement. */
async function evaluated(
  sql: (value: string) => string,
  cast: string,
  values: unknown[],
): Promise<unknown[]> {
  const [row] = await t.db.prisma.$queryRaw<{ out: unknown[] }[]>`
    SELECT array_agg(${Prisma.raw(sql("v"))} ORDER BY n) AS out
    FROM unnest(${values}::${Prisma.raw(cast)}[]) WITH ORDINALITY AS x(v, n)`;
  return row!.out;
}

test("each SQL formatter writes what its TypeScript twin writes", async () => {
  const hundredths = [0, 5, 99, 100, 1999, 100_000_000, -5, -150, 2_147_483_647];
  expect(await evaluated(hundredthsSql, "int", hundredths)).toEqual(hundredths.map(formatMinorUnits));
  expect(hundredths.filter((n) => n >= 0).map(formatPercent)).toEqual(
    hundredths.filter((n) => n >= 0).map(formatMinorUnits),
  );

  const numbers = [1, 42, 999_999, 1_000_000, 12_345_678];
  expect(await evaluated(orderNumberSql, "int", numbers)).toEqual(numbers.map(formatOrderNumber));

  const keys = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"];
  for (const type of ["Order", "OrderLine", "User", "ProductVariant"])
    expect(await evaluated((v) => globalIdSql(type, v), "uuid", keys)).toEqual(
      keys.map((key) => toGlobalId(type, key)),
    );
  expect(await evaluated((v) => globalIdSql("User", v), "uuid", [null])).toEqual([null]);

  const instants = ["2026-01-02T03:04:05.000Z", "1999-12-31T23:59:59.999Z", "2026-06-30T12:00:00.120Z"];
  expect(await evaluated(dateTimeSql, "timestamptz", instants)).toEqual(instants);
});

/** The API's Order, its fields in the order events carry them. */
const orderAsTheApiShowsIt = `query ($id: ID!) { order(id: $id) {
  id number status email subtotal { amount currencyCode } discountCode discountTotal { amount currencyCode }
  shippingMethod shippingTotal { amount currencyCode } taxTotal { amount currencyCode } total { amount currencyCode }
  createdAt updatedAt customer { id }
  lines { id productName sku quantity unitPrice { amount currencyCode } lineTotal { amount currencyCode }
    discountAmount { amount currencyCode } taxRate taxAmount { amount currencyCode } variant { id } }
} }`;

interface ApiOrder extends Record<string, unknown> {
  customer: { id: string } | null;
  lines: (Record<string, unknown> & { variant: { id: string } | null })[];
}

test("an ORDER_CREATED event says what the API says about the order, in the wire order", async () => {
  const admin = await accountWithRoles(t, ["ADMIN"]);
  const customer = await registerOk(t);
  await registerReceiver(t, admin.token, receiver, ["ORDER_CREATED"]);
  const { standard, reduced } = await germanTaxClasses(t, admin.token);
  const lines: [{ id: string }, number][] = [
    [await seedVariant(t, 1999, 10, standard.id), 2],
    [await seedVariant(t, 505, 10, reduced.id), 1],
    [await seedVariant(t, 10_000, 10), 3],
  ];
  const cart = await cartWith(t, customer.token, lines);
  const code = await createDiscountCodeOk(t, admin.token, { type: "PERCENTAGE", value: "15" });
  await applyDiscountCodeOk(t, customer.token, cart.id, code.code);
  const input = guestCheckoutTo(cart.id, { country: "DE", region: "Berlin" }, { email: customer.email });
  const { id } = dataOf(await checkout(t, customer.token, input)).checkout;

  const [request] = await receiver.waitForRequests(1);
  const { order: api } = dataOf(
    await t.graphql<{ order: ApiOrder }>(orderAsTheApiShowsIt, { id }, { token: customer.token }),
  );
  const { customer: owner, lines: apiLines, ...fields } = api;
  const { shippingAddress } = await t.db.prisma.order.findUniqueOrThrow({ where: { id: keyOf(id) } });
  const expected = {
    order: {
      ...fields,
      customerId: owner?.id ?? null,
      shippingAddress,
      lines: apiLines.map(({ variant, ...line }) => ({ ...line, variantId: variant?.id ?? null })),
    },
  };
  expect(request!.event.data.order?.id).toBe(id);
  expect(JSON.stringify(request!.event.data)).toBe(JSON.stringify(expected));
  expect(expected.order.customerId).toBe(customer.user.id);
  expect(fields.discountCode).toBe(code.code);
  expect(apiLines.map((line) => line.taxRate)).toEqual(["19.00", "7.00", "19.00"]);
});
