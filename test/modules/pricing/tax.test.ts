import { ProductTaxClassDocument, TaxClassesDocument } from "../../../client";
import { accountWithRoles, staffAccount } from "../../helpers/accounts";
import { createProduct, createProductOk, updateProduct } from "../../helpers/catalog";
import { globalId, keyOf } from "../../helpers/ids";
import { readNode } from "../../helpers/node";
import { createTaxClass, createTaxClassOk, setTaxRate } from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let admin: string;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
});

async function taxClasses() {
  return dataOf(await t.graphql(TaxClassesDocument, {}, { token: admin })).taxClasses;
}

test("a new default class takes over from the previous default; the list shows the default first", async () => {
  const standard = await createTaxClassOk(t, admin, "Standard", true);
  const reduced = await createTaxClassOk(t, admin, "Reduced");
  expect(standard).toEqual({ id: expect.any(String), name: "Standard", isDefault: true, rates: [] });
  expect(reduced.isDefault).toBe(false);
  const replacement = await createTaxClassOk(t, admin, "General", true);
  const listed = await taxClasses();
  expect(listed.map((c) => [c.name, c.isDefault])).toEqual([
    ["General", true],
    ["Reduced", false],
    ["Standard", false],
  ]);
  expect(listed[0]!.id).toBe(replacement.id);
  expect(await readNode(t, standard.id)).toEqual({ id: standard.id });
});

test("a name already taken is a CONFLICT naming name", async () => {
  await createTaxClassOk(t, admin, "Zero");
  expectError(await createTaxClass(t, admin, { name: "Zero" }), "CONFLICT", "name");
  expectError(await createTaxClass(t, admin, { name: " " }), "BAD_USER_INPUT", "name");
});

test("setTaxRate creates, then replaces, a rate per country and region; regions list after their country", async () => {
  const taxClass = await createTaxClassOk(t, admin, "Rated");
  const set = async (country: string, region: string | null, rate: string) =>
    dataOf(await setTaxRate(t, admin, { taxClassId: taxClass.id, country, region, rate })).setTaxRate;
  await set("de", null, "19");
  await set("US", "ca", "7.25");
  await set("US", null, "0");
  const replaced = await set("DE", null, "7");
  expect(replaced.rates).toEqual([
    { country: "DE", region: null, rate: "7.00" },
    { country: "US", region: null, rate: "0.00" },
    { country: "US", region: "CA", rate: "7.25" },
  ]);
  expect(await t.db.prisma.taxRate.count({ where: { taxClassId: keyOf(taxClass.id) } })).toBe(3);
});

test.each([
  ["a rate above 100", { country: "DE", rate: "100.01" }, "rate"],
  ["a negative rate", { country: "DE", rate: "-1" }, "rate"],
  ["a rate with 3 decimals", { country: "DE", rate: "6.625" }, "rate"],
  ["a made-up country", { country: "ZZ", rate: "5" }, "country"],
  ["a blank region", { country: "US", region: " ", rate: "5" }, "region"],
])("setTaxRate with %s: BAD_USER_INPUT naming %s", async (_label, fields, field) => {
  const taxClass = (await taxClasses())[0]!;
  expectError(await setTaxRate(t, admin, { taxClassId: taxClass.id, ...fields }), "BAD_USER_INPUT", field);
});

test("setTaxRate on an unknown class is NOT_FOUND; on another type's id BAD_USER_INPUT naming taxClassId", async () => {
  expectError(
    await setTaxRate(t, admin, {
      taxClassId: globalId("TaxClass", "00000000-0000-4000-8000-000000000000"),
      country: "DE",
      rate: "19",
    }),
    "NOT_FOUND",
  );
  expectError(
    await setTaxRate(t, admin, {
      taxClassId: globalId("Product", "00000000-0000-4000-8000-000000000000"),
      country: "DE",
      rate: "19",
    }),
    "BAD_USER_INPUT",
    "taxClassId",
  );
});

test("two admins making a default class at once: one wins, the other is a CONFLICT, never two defaults", async () => {
  const other = (await accountWithRoles(t, ["ADMIN"])).token;
  const responses = await Promise.all([
    createTaxClass(t, admin, { name: "Race A", isDefault: true }),
    createTaxClass(t, other, { name: "Race B", isDefault: true }),
  ]);
  const outcomes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? "OK");
  // Serialised (one database session), both succeed one after the other; concurrent, the
  // partial unique index refuses the second. Either way there is exactly one default.
  expect(outcomes.every((outcome) => outcome === "OK" || outcome === "CONFLICT")).toBe(true);
  expect(outcomes).toContain("OK");
  expect(await t.db.prisma.taxClass.count({ where: { isDefault: true } })).toBe(1);
});

test("Product.taxClass: null for the default, the class otherwise; public, and batched", async () => {
  const staff = (await staffAccount(t)).token;
  const reduced = await createTaxClassOk(t, admin, "Books");
  const product = await createProductOk(t, staff, { name: "Novel" });
  const read = async () => dataOf(await t.graphql(ProductTaxClassDocument, { id: product.id })).product;
  expect(await read()).toEqual({ id: product.id, taxClass: null });
  await t.db.prisma.product.update({
    where: { id: keyOf(product.id) },
    data: { taxClassId: keyOf(reduced.id) },
  });
  expect((await read())?.taxClass).toEqual({ id: reduced.id, name: "Books", isDefault: false, rates: [] });
  // taxClass and its rates: one statement each, whatever the number of classes.
  const { statements } = await measured(t, () => t.graphql(TaxClassesDocument, {}, { token: admin }));
  expect(statements).toBeLessThanOrEqual(3);
});

test("staff set a product's tax class when creating or updating it; null goes back to the default", async () => {
  const staff = (await staffAccount(t)).token;
  const food = await createTaxClassOk(t, admin, "Food");
  const product = await createProductOk(t, staff, { name: "Bread", taxClassId: food.id });
  const read = async () =>
    dataOf(await t.graphql(ProductTaxClassDocument, { id: product.id })).product?.taxClass?.name ?? null;
  expect(await read()).toBe("Food");
  dataOf(await updateProduct(t, staff, { id: product.id, taxClassId: null }));
  expect(await read()).toBeNull();
  dataOf(await updateProduct(t, staff, { id: product.id, taxClassId: food.id }));
  dataOf(await updateProduct(t, staff, { id: product.id, description: "Sourdough." }));
  expect(await read()).toBe("Food");
});

test("an unknown or malformed tax class on a product is BAD_USER_INPUT naming taxClassId", async () => {
  const staff = (await staffAccount(t)).token;
  const unknown = globalId("TaxClass", "00000000-0000-4000-8000-000000000000");
  expectError(
    await createProduct(t, staff, { name: "Orphan", taxClassId: unknown }),
    "BAD_USER_INPUT",
    "taxClassId",
  );
  expectError(
    await createProduct(t, staff, { name: "Orphan", taxClassId: "nope" }),
    "BAD_USER_INPUT",
    "taxClassId",
  );
  const product = await createProductOk(t, staff, { name: "Lamp" });
  expectError(
    await updateProduct(t, staff, { id: product.id, taxClassId: unknown }),
    "BAD_USER_INPUT",
    "taxClassId",
  );
  expect(await t.db.prisma.product.count({ where: { name: "Orphan" } })).toBe(0);
});
