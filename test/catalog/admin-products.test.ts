import { randomUUID } from "node:crypto";
import { dataOf, expectError, globalId } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  archiveProduct,
  createCategoryOk,
  createProduct,
  createProductOk,
  customerToken,
  listedProductIds,
  readNode,
  readProduct,
  staffToken,
  uniqueSku,
  updateProduct,
  type ProductData,
} from "./catalog-flows";

let t: TestApp;
let staff: string;
let customer: string;

beforeAll(async () => {
  t = await startTestApp();
  [staff, customer] = [await staffToken(t), await customerToken(t)];
});
afterAll(async () => {
  await t.close();
});

const usd = (amount: string) => ({ amount, currencyCode: "USD" });

describe("createProduct", () => {
  let created: ProductData;
  let skus: string[];

  beforeAll(async () => {
    skus = [uniqueSku(), uniqueSku()];
    created = await createProductOk(t, staff, {
      name: "Crème Brûlée Mug",
      description: "  Stoneware, 350 ml.  ",
      imageUrls: ["https://img.example.com/mug-1.jpg", "http://img.example.com/mug-2.jpg"],
      variants: [
        {
          sku: skus[0]!,
          name: "White",
          options: [{ name: "Colour", value: "White" }],
          price: "12.5",
          quantityAvailable: 0,
        },
        {
          sku: skus[1]!,
          name: "Blue",
          options: [{ name: "Colour", value: "Blue" }],
          price: "9",
          quantityAvailable: 3,
        },
      ],
    });
  });

  test("returns the product with its variants in input order, price range and a generated slug", () => {
    expect(created).toEqual({
      id: expect.any(String),
      name: "Crème Brûlée Mug",
      slug: "creme-brulee-mug",
      description: "Stoneware, 350 ml.",
      imageUrls: ["https://img.example.com/mug-1.jpg", "http://img.example.com/mug-2.jpg"],
      archivedAt: null,
      createdAt: expect.any(String),
      category: null,
      priceRange: { min: usd("9.00"), max: usd("12.50") },
      variants: [
        {
          id: expect.any(String),
          sku: skus[0],
          name: "White",
          options: [{ name: "Colour", value: "White" }],
          price: usd("12.50"),
          quantityAvailable: 0,
          inStock: false,
        },
        {
          id: expect.any(String),
          sku: skus[1],
          name: "Blue",
          options: [{ name: "Colour", value: "Blue" }],
          price: usd("9.00"),
          quantityAvailable: 3,
          inStock: true,
        },
      ],
    });
  });

  test("the shop reads it back by id, slug, node and in products (filters use the stored aggregates)", async () => {
    expect(await readProduct(t, { id: created.id })).toEqual(created);
    expect(await readProduct(t, { slug: "creme-brulee-mug" })).toEqual(created);
    expect(await readNode(t, created.id)).toEqual({ id: created.id });
    expect(await listedProductIds(t)).toContain(created.id);
    expect(
      await listedProductIds(t, undefined, { inStock: true, minPrice: "9.00", maxPrice: "9.00" }),
    ).toContain(created.id);
    expect(await listedProductIds(t, undefined, { inStock: false })).not.toContain(created.id);
    expect(await listedProductIds(t, undefined, { minPrice: "12.51" })).not.toContain(created.id);
  });

  test("stores the aggregates on the product row", async () => {
    const row = await t.db.prisma.product.findFirstOrThrow({ where: { slug: "creme-brulee-mug" } });
    expect(row).toMatchObject({ minPriceAmount: 900, maxPriceAmount: 1250, inStock: true });
  });

  test("a product with every variant sold out is out of stock", async () => {
    const soldOut = await createProductOk(t, staff, {
      name: "Sold Out Scarf",
      variants: [{ sku: uniqueSku(), name: "One size", price: "0", quantityAvailable: 0 }],
    });
    expect(soldOut.priceRange).toEqual({ min: usd("0.00"), max: usd("0.00") });
    expect(soldOut.variants[0]).toMatchObject({ options: [], inStock: false });
    expect(await listedProductIds(t, undefined, { inStock: false })).toContain(soldOut.id);
  });

  test("lists it in a category given by id", async () => {
    const category = await createCategoryOk(t, staff, { name: "Kitchen" });
    const product = await createProductOk(t, staff, { name: "Tea Towel", categoryId: category.id });
    expect(product.category).toEqual({ id: category.id, name: "Kitchen", slug: "kitchen" });
    expect(await listedProductIds(t, undefined, { categoryId: category.id })).toEqual([product.id]);
  });
});

describe("slugs", () => {
  test("a chosen slug is kept", async () => {
    const product = await createProductOk(t, staff, { name: "Wool Socks", slug: "cosy-socks" });
    expect(product.slug).toBe("cosy-socks");
  });

  test("a generated slug that is taken gets -2, -3…", async () => {
    const first = await createProductOk(t, staff, { name: "Canvas Tote" });
    const second = await createProductOk(t, staff, { name: "Canvas tote!" });
    const third = await createProductOk(t, staff, { name: "  CANVAS   TOTE " });
    expect([first.slug, second.slug, third.slug]).toEqual(["canvas-tote", "canvas-tote-2", "canvas-tote-3"]);
  });

  test("a chosen slug that is taken is a CONFLICT naming slug", async () => {
    await createProductOk(t, staff, { name: "Desk Lamp", slug: "desk-lamp" });
    expectError(await createProduct(t, staff, { name: "Other Lamp", slug: "desk-lamp" }), "CONFLICT", "slug");
  });

  test("a name without Latin letters or digits still gets a slug", async () => {
    const product = await createProductOk(t, staff, { name: "茶" });
    expect(product.slug).toBe("product");
  });

  test("a long name is cut to 100 characters, suffix included", async () => {
    const name = `${"long ".repeat(39)}name`;
    const first = await createProductOk(t, staff, { name });
    const second = await createProductOk(t, staff, { name });
    expect(first.slug.length).toBeLessThanOrEqual(100);
    expect(second.slug).toMatch(/^long-long-.*-2$/);
    expect(second.slug.length).toBeLessThanOrEqual(100);
  });
});

describe("updateProduct", () => {
  test("changes only the given fields; the slug stays", async () => {
    const product = await createProductOk(t, staff, { name: "Rain Jacket" });
    const kitchen = await createCategoryOk(t, staff, { name: "Outdoor" });
    const updated = dataOf(
      await updateProduct(t, staff, {
        id: product.id,
        name: " Storm Jacket ",
        imageUrls: [],
        categoryId: kitchen.id,
      }),
    ).updateProduct;
    expect(updated).toEqual({
      ...product,
      name: "Storm Jacket",
      imageUrls: [],
      category: { id: kitchen.id, name: "Outdoor", slug: "outdoor" },
    });
    expect(await readProduct(t, { slug: "rain-jacket" })).toEqual(updated);
  });

  test("an explicit null categoryId takes it out of its category; an absent one keeps it", async () => {
    const category = await createCategoryOk(t, staff, { name: "Garden" });
    const product = await createProductOk(t, staff, { name: "Trowel", categoryId: category.id });
    const kept = dataOf(
      await updateProduct(t, staff, { id: product.id, description: "Steel." }),
    ).updateProduct;
    expect(kept).toMatchObject({ description: "Steel.", category: { id: category.id } });
    const removed = dataOf(await updateProduct(t, staff, { id: product.id, categoryId: null })).updateProduct;
    expect(removed.category).toBeNull();
  });

  test("an unknown product is NOT_FOUND; a malformed id or an unknown category BAD_USER_INPUT", async () => {
    const product = await createProductOk(t, staff, { name: "Hammock" });
    expectError(
      await updateProduct(t, staff, { id: globalId("Product", randomUUID()), name: "X" }),
      "NOT_FOUND",
    );
    expectError(await updateProduct(t, staff, { id: "not-an-id", name: "X" }), "BAD_USER_INPUT", "id");
    expectError(
      await updateProduct(t, staff, { id: product.variants[0]!.id, name: "X" }),
      "BAD_USER_INPUT",
      "id",
    );
    expectError(
      await updateProduct(t, staff, { id: product.id, categoryId: globalId("Category", randomUUID()) }),
      "BAD_USER_INPUT",
      "categoryId",
    );
    expectError(await updateProduct(t, staff, { id: product.id, name: "   " }), "BAD_USER_INPUT", "name");
    expect((await readProduct(t, { id: product.id }))?.name).toBe("Hammock");
  });
});

describe("archiveProduct", () => {
  let product: ProductData;
  let archived: ProductData;

  beforeAll(async () => {
    product = await createProductOk(t, staff, { name: "Retired Teapot" });
    archived = dataOf(await archiveProduct(t, staff, product.id)).archiveProduct;
  });

  test("sets archivedAt and keeps everything else", () => {
    expect(archived).toEqual({ ...product, archivedAt: expect.any(String) });
  });

  test("is idempotent: archiving again returns it unchanged", async () => {
    expect(dataOf(await archiveProduct(t, staff, product.id)).archiveProduct).toEqual(archived);
  });

  test("the shop no longer shows it, to anonymous callers and customers", async () => {
    for (const token of [undefined, customer]) {
      expect(await readProduct(t, { id: product.id }, token)).toBeNull();
      expect(await readProduct(t, { slug: product.slug }, token)).toBeNull();
      expect(await readNode(t, product.id, token)).toBeNull();
      expect(await listedProductIds(t, token)).not.toContain(product.id);
    }
  });

  test("staff still read it everywhere", async () => {
    expect(await readProduct(t, { id: product.id }, staff)).toEqual(archived);
    expect(await readNode(t, product.id, staff)).toEqual({ id: product.id });
    expect(await listedProductIds(t, staff)).toContain(product.id);
  });

  test("an unknown product is NOT_FOUND, a malformed id BAD_USER_INPUT", async () => {
    expectError(await archiveProduct(t, staff, globalId("Product", randomUUID())), "NOT_FOUND");
    expectError(await archiveProduct(t, staff, "bm9wZQ=="), "BAD_USER_INPUT", "id");
  });
});
