import { randomUUID } from "node:crypto";
import { expectError, globalId } from "../accounts/account-flows";
import { errorCodes, startTestApp, type TestApp } from "../helpers/test-app";
import {
  createProduct,
  createProductOk,
  productInput,
  staffToken,
  uniqueSku,
  type VariantInputData,
} from "./catalog-flows";

let t: TestApp;
let staff: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await staffToken(t);
});
afterAll(async () => {
  await t.close();
});

const variant = (overrides: Partial<VariantInputData> = {}): VariantInputData => ({
  sku: uniqueSku(),
  name: "Default",
  price: "10.00",
  quantityAvailable: 1,
  ...overrides,
});

/** A refused create writes nothing: no product of that name, no variant of those SKUs. */
async function expectNothingWritten(name: string): Promise<void> {
  expect(await t.db.prisma.product.count({ where: { name } })).toBe(0);
}

describe("createProduct refuses bad input with BAD_USER_INPUT naming the field", () => {
  test.each([
    ["a negative price", { price: "-0.01" }, "variants.0.price"],
    ["a price with 3 decimals", { price: "1.005" }, "variants.0.price"],
    ["an absurd price", { price: "1000000.01" }, "variants.0.price"],
    ["negative stock", { quantityAvailable: -1 }, "variants.0.quantityAvailable"],
    ["too much stock", { quantityAvailable: 1_000_001 }, "variants.0.quantityAvailable"],
    ["a SKU with a space", { sku: "AB 12" }, "variants.0.sku"],
    ["a SKU starting with a dash", { sku: "-AB12" }, "variants.0.sku"],
    ["a SKU of 65 characters", { sku: "A".repeat(65) }, "variants.0.sku"],
    ["a blank variant name", { name: " " }, "variants.0.name"],
    ["an empty option value", { options: [{ name: "Size", value: "" }] }, "variants.0.options.0.value"],
    [
      "an option name of 51 characters",
      { options: [{ name: "n".repeat(51), value: "M" }] },
      "variants.0.options.0.name",
    ],
  ])("%s", async (_case, overrides, field) => {
    const name = `Bad variant ${randomUUID()}`;
    expectError(
      await createProduct(t, staff, { name, variants: [variant(overrides)] }),
      "BAD_USER_INPUT",
      field,
    );
    await expectNothingWritten(name);
  });

  test("the field of a bad price names the variant it is in", async () => {
    const name = `Second bad ${randomUUID()}`;
    expectError(
      await createProduct(t, staff, { name, variants: [variant(), variant({ price: "2.345" })] }),
      "BAD_USER_INPUT",
      "variants.1.price",
    );
    await expectNothingWritten(name);
  });

  test.each([
    ["no variants", { variants: [] }, "variants"],
    ["101 variants", { variants: Array.from({ length: 101 }, () => variant()) }, "variants"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a name of 201 characters", { name: "n".repeat(201) }, "name"],
    ["a description of 5001 characters", { description: "d".repeat(5001) }, "description"],
    ["an upper-case slug", { slug: "Linen-Shirt" }, "slug"],
    ["a slug with a double dash", { slug: "linen--shirt" }, "slug"],
    ["a slug of 101 characters", { slug: "a".repeat(101) }, "slug"],
    ["an image URL without http(s)", { imageUrls: ["ftp://img.example.com/a.jpg"] }, "imageUrls"],
    ["an image URL that is not one", { imageUrls: ["not a url"] }, "imageUrls"],
    [
      "an image URL over 2048 characters",
      { imageUrls: [`https://img.example.com/${"a".repeat(2040)}.jpg`] },
      "imageUrls",
    ],
    [
      "11 image URLs",
      { imageUrls: Array.from({ length: 11 }, (_, i) => `https://img.example.com/${i}.jpg`) },
      "imageUrls",
    ],
    ["a malformed categoryId", { categoryId: "Q2F0ZWdvcnk6eA==" }, "categoryId"],
    ["an unknown categoryId", { categoryId: globalId("Category", randomUUID()) }, "categoryId"],
  ])("%s", async (_case, overrides, field) => {
    expectError(await createProduct(t, staff, overrides), "BAD_USER_INPUT", field);
  });

  test("a price that is not a decimal at all is refused before execution", async () => {
    const response = await createProduct(t, staff, { variants: [variant({ price: "ten" })] });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("SKUs are unique", () => {
  test("a SKU given twice in one input is a CONFLICT naming the second", async () => {
    const sku = uniqueSku();
    const name = `Twice ${randomUUID()}`;
    const response = await createProduct(t, staff, {
      name,
      variants: [variant({ sku }), variant(), variant({ sku })],
    });
    expectError(response, "CONFLICT", "variants.2.sku");
    expect(response.errors?.[0]?.message).toContain(sku);
    await expectNothingWritten(name);
  });

  test("a SKU another product uses is a CONFLICT naming it, and nothing is written", async () => {
    const existing = await createProductOk(t, staff, { name: "SKU Owner" });
    const taken = existing.variants[1]!.sku;
    const name = `Thief ${randomUUID()}`;
    const response = await createProduct(t, staff, { name, variants: [variant(), variant({ sku: taken })] });
    expectError(response, "CONFLICT", "variants.1.sku");
    expect(response.errors?.[0]?.message).toContain(taken);
    await expectNothingWritten(name);
  });

  test("SKUs differing only in case are different SKUs", async () => {
    const sku = uniqueSku("case");
    const product = await createProductOk(t, staff, {
      variants: [variant({ sku }), variant({ sku: sku.toUpperCase() })],
    });
    expect(product.variants.map((v) => v.sku)).toEqual([sku, sku.toUpperCase()]);
  });
});

describe("concurrent creates (the unique indexes are the backstop when checks race)", () => {
  test("the same chosen slug: one wins, the others get CONFLICT naming slug", async () => {
    const slug = `race-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 6 }, () => createProduct(t, staff, { slug })));
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.errors)) expectError(loser, "CONFLICT", "slug");
  });

  test("the same name: every create succeeds, each with its own generated slug", async () => {
    const name = `Popular ${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => createProduct(t, staff, { name })));
    const slugs = responses.map((r) => r.data?.createProduct.slug);
    const base = name.toLowerCase().replace(/ /g, "-");
    expect(new Set(slugs)).toEqual(new Set([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`]));
  });

  test("the same SKU: one wins, the others get CONFLICT", async () => {
    const sku = uniqueSku("race");
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createProduct(t, staff, { name: `SKU racer ${i}`, variants: [variant({ sku })] }),
      ),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.errors)) expect(errorCodes(loser)).toEqual(["CONFLICT"]);
    expect(await t.db.prisma.productVariant.count({ where: { sku } })).toBe(1);
  });
});

test("a valid input still works after all those refusals", async () => {
  const product = await createProductOk(t, staff, productInput({ name: "After Refusals" }));
  expect(product.slug).toBe("after-refusals");
});
