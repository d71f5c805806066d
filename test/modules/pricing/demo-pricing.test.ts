import {
  DiscountCodesDocument,
  ProductTaxClassDocument,
  ShippingZonesDocument,
  TaxClassesDocument,
} from "../../../client";
import { composeDemoShop } from "../../../src/db/seed/demo-data";
import { seedDemoShop } from "../../../src/db/seed/demo-shop";
import { registerOk, staffAccount } from "../../helpers/accounts";
import { addToCart, cartWith } from "../../helpers/carts";
import { variantBySlug } from "../../helpers/catalog";
import { globalId } from "../../helpers/ids";
import { applyDiscountCode, checkoutQuote } from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
const configuredShipping = { flatRateAmount: 499, freeThresholdAmount: 5000 };

beforeAll(async () => {
  await seedDemoShop(t.db.prisma, t.logger, "USD", configuredShipping);
});

test("every demo customer's country ships, each zone by Standard (the flat-rate settings) and Express", async () => {
  const zones = dataOf(await t.graphql(ShippingZonesDocument, {})).shippingZones;
  const countries = zones.flatMap((zone) => zone.countries);
  expect(countries).toEqual(expect.arrayContaining(["US", "CA", "GB", "DE", "FR"]));
  expect(new Set(countries).size).toBe(countries.length);
  for (const zone of zones) {
    expect(zone.methods.map((m) => [m.name, m.price.amount, m.freeAbove?.amount ?? null])).toEqual([
      ["Standard", "4.99", "50.00"],
      ["Express", "14.99", null],
    ]);
  }
  const customerCountries = await t.db.prisma.address.findMany({
    select: { country: true },
    distinct: ["country"],
  });
  expect(countries).toEqual(expect.arrayContaining(customerCountries.map((a) => a.country)));
});

test("Standard (default) and Reduced tax classes with real rates, US states as regions", async () => {
  const staff = (await staffAccount(t)).token;
  const classes = dataOf(await t.graphql(TaxClassesDocument, {}, { token: staff })).taxClasses;
  expect(classes.map((c) => [c.name, c.isDefault])).toEqual([
    ["Standard", true],
    ["Reduced", false],
  ]);
  const rate = (className: string, country: string, region: string | null = null) =>
    classes.find((c) => c.name === className)!.rates.find((r) => r.country === country && r.region === region)
      ?.rate;
  expect([rate("Standard", "DE"), rate("Reduced", "DE")]).toEqual(["19.00", "7.00"]);
  expect([rate("Standard", "FR"), rate("Reduced", "FR")]).toEqual(["20.00", "5.50"]);
  expect([rate("Standard", "GB"), rate("Reduced", "GB")]).toEqual(["20.00", "0.00"]);
  expect([rate("Standard", "US", "CA"), rate("Standard", "US", "NY"), rate("Standard", "US", "TX")]).toEqual([
    "7.25",
    "4.00",
    "6.25",
  ]);
  expect(rate("Standard", "US")).toBeUndefined();
});

test("books are taxed at the reduced rate; other products use the default class", async () => {
  const rows = await t.db.prisma.product.findMany({
    select: {
      id: true,
      taxClassId: true,
      category: { select: { name: true, parent: { select: { name: true } } } },
    },
  });
  const isBook = (row: (typeof rows)[number]) =>
    row.category?.name === "Books" || row.category?.parent?.name === "Books";
  const book = rows.find(isBook)!;
  const other = rows.find((row) => !isBook(row))!;
  expect(rows.filter(isBook).every((row) => row.taxClassId !== null)).toBe(true);
  expect(rows.filter((row) => !isBook(row)).every((row) => row.taxClassId === null)).toBe(true);
  const read = async (key: string) =>
    dataOf(await t.graphql(ProductTaxClassDocument, { id: globalId("Product", key) })).product?.taxClass
      ?.name ?? null;
  expect([await read(book.id), await read(other.id)]).toEqual(["Reduced", null]);
});

test("Standard charges the given flat-rate settings, which change no other row", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const a = composeDemoShop({ now, currencyCode: "USD", shipping: configuredShipping });
  const b = composeDemoShop({
    now,
    currencyCode: "USD",
    shipping: { flatRateAmount: 1, freeThresholdAmount: 2 },
  });
  expect(b.products.map((p) => p.id)).toEqual(a.products.map((p) => p.id));
  expect(b.shippingMethods.map((m) => m.id)).toEqual(a.shippingMethods.map((m) => m.id));
  expect(b.shippingMethods[0]).toMatchObject({ name: "Standard", priceAmount: 1, freeAboveAmount: 2 });
  expect(b.discountCodes).toEqual(a.discountCodes);
});

test("the demo's codes: WELCOME10 takes 10 % once per customer, FREESHIP ships free from 25.00", async () => {
  const staff = (await staffAccount(t)).token;
  const codes = dataOf(await t.graphql(DiscountCodesDocument, { first: 10 }, { token: staff })).discountCodes;
  expect(
    codes.edges
      .map(({ node }) => [node.code, node.type, node.value, node.minimumSubtotal?.amount ?? null])
      .sort(),
  ).toEqual([
    ["FREESHIP", "FREE_SHIPPING", "0.00", "25.00"],
    ["WELCOME10", "PERCENTAGE", "10.00", null],
  ]);
  expect(
    codes.edges.map(({ node }) => [node.code, node.usageLimit, node.usageLimitPerCustomer]).sort(),
  ).toEqual([
    ["FREESHIP", null, null],
    ["WELCOME10", null, 1],
  ]);
  expect(codes.edges.every(({ node }) => node.active && node.endsAt === null)).toBe(true);

  const customer = (await registerOk(t)).token;
  const book = await variantBySlug(t, "the-winter-station", "Paperback");
  // 14.99 is under FREESHIP's minimum; two books are not.
  const cart = await cartWith(t, customer, [[book, 1]]);
  expectError(
    await applyDiscountCode(t, customer, { cartId: cart.id, code: "freeship" }),
    "BAD_USER_INPUT",
    "code",
  );
  dataOf(await addToCart(t, customer, { cartId: cart.id, variantId: book.id, quantity: 1 }));
  dataOf(await applyDiscountCode(t, customer, { cartId: cart.id, code: "freeship" }));
  const quote = dataOf(await checkoutQuote(t, customer, { cartId: cart.id, country: "DE" })).checkoutQuote;
  // Both free: the one with the lower list price comes first (and is the default).
  expect(quote.shippingRates.map((rate) => [rate.method.name, rate.price.amount])).toEqual([
    ["Standard", "0.00"],
    ["Express", "0.00"],
  ]);
});
