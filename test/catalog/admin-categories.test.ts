import { randomUUID } from "node:crypto";
import { dataOf, expectError, globalId } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  categoryFields,
  createCategory,
  createCategoryOk,
  createProductOk,
  staffToken,
  type CategoryData,
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

async function readCategory(by: { slug: string }): Promise<CategoryData | null> {
  const response = await t.graphql<{ category: CategoryData | null }>(
    `query ($slug: String!) { category(slug: $slug) { ${categoryFields} } }`,
    { slug: by.slug },
  );
  return dataOf(response).category;
}

describe("createCategory", () => {
  test("a root category, with a slug from its name", async () => {
    const category = await createCategoryOk(t, staff, { name: " Home & Garden " });
    expect(category).toEqual({
      id: expect.any(String),
      name: "Home & Garden",
      slug: "home-garden",
      parent: null,
      children: [],
    });
    const roots = dataOf(
      await t.graphql<{ categories: { slug: string }[] }>("{ categories { slug } }"),
    ).categories;
    expect(roots.map((c) => c.slug)).toContain("home-garden");
  });

  test("children go under their parent, in creation order", async () => {
    const parent = await createCategoryOk(t, staff, { name: "Clothing" });
    const shirts = await createCategoryOk(t, staff, { name: "Shirts", parentId: parent.id });
    const hats = await createCategoryOk(t, staff, { name: "Hats", slug: "headwear", parentId: parent.id });
    expect(shirts.parent).toEqual({ id: parent.id, slug: "clothing" });
    expect(hats).toMatchObject({ slug: "headwear", parent: { id: parent.id } });
    expect((await readCategory({ slug: "clothing" }))?.children).toEqual([
      { id: shirts.id, slug: "shirts" },
      { id: hats.id, slug: "headwear" },
    ]);
  });

  test("a product in a sub-category is found under its parent", async () => {
    const parent = await createCategoryOk(t, staff, { name: "Toys" });
    const child = await createCategoryOk(t, staff, { name: "Puzzles", parentId: parent.id });
    const product = await createProductOk(t, staff, { name: "Jigsaw", categoryId: child.id });
    const response = await t.graphql<{ category: { products: { edges: { node: { id: string } }[] } } }>(
      '{ category(slug: "toys") { products(first: 10) { edges { node { id } } } } }',
    );
    expect(dataOf(response).category.products.edges.map((e) => e.node.id)).toEqual([product.id]);
  });

  test("a generated slug that is taken gets a suffix; a chosen one is a CONFLICT naming slug", async () => {
    const first = await createCategoryOk(t, staff, { name: "Lighting" });
    const second = await createCategoryOk(t, staff, { name: "lighting" });
    expect([first.slug, second.slug]).toEqual(["lighting", "lighting-2"]);
    expectError(await createCategory(t, staff, { name: "Lamps", slug: "lighting" }), "CONFLICT", "slug");
  });

  test("categories nest at most 5 levels deep", async () => {
    let parentId: string | null = null;
    for (let level = 1; level <= 5; level += 1) {
      parentId = (await createCategoryOk(t, staff, { name: `Level ${level}`, parentId })).id;
    }
    expectError(await createCategory(t, staff, { name: "Level 6", parentId }), "BAD_USER_INPUT", "parentId");
  });

  test("an unknown or malformed parentId is BAD_USER_INPUT naming parentId", async () => {
    expectError(
      await createCategory(t, staff, { name: "Orphan", parentId: globalId("Category", randomUUID()) }),
      "BAD_USER_INPUT",
      "parentId",
    );
    expectError(
      await createCategory(t, staff, { name: "Orphan", parentId: "nope" }),
      "BAD_USER_INPUT",
      "parentId",
    );
    const product = await createProductOk(t, staff, { name: "Not A Category" });
    expectError(
      await createCategory(t, staff, { name: "Orphan", parentId: product.id }),
      "BAD_USER_INPUT",
      "parentId",
    );
  });

  test("names and slugs are validated", async () => {
    expectError(await createCategory(t, staff, { name: "" }), "BAD_USER_INPUT", "name");
    expectError(await createCategory(t, staff, { name: "  " }), "BAD_USER_INPUT", "name");
    expectError(await createCategory(t, staff, { name: "x".repeat(201) }), "BAD_USER_INPUT", "name");
    for (const slug of ["Upper", "two--dashes", "-lead", "trail-", "spa ce", "ümlaut", "", "a".repeat(101)]) {
      expectError(await createCategory(t, staff, { name: "Valid", slug }), "BAD_USER_INPUT", "slug");
    }
    expect(await t.db.prisma.category.count({ where: { name: "Valid" } })).toBe(0);
  });
});
