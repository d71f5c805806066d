import { randomUUID } from "node:crypto";
import { CategoryPageDocument, CategoryTreeDocument, type CategoryPageQuery } from "../../../client";
import { staffAccount } from "../../helpers/accounts";
import { createCategory, createCategoryOk, createProductOk } from "../../helpers/catalog";
import { globalId } from "../../helpers/ids";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
});

/** The storefront's category page (children and the first products). */
async function readCategory(slug: string): Promise<CategoryPageQuery["category"]> {
  return dataOf(await t.graphql(CategoryPageDocument, { slug, first: 10 })).category;
}

describe("createCategory", () => {
  test("a root category, with a slug from its name", async () => {
    const category = await createCategoryOk(t, staff, { name: " Home & Garden " });
    expect(category).toEqual({
      id: expect.any(String),
      name: "Home & Garden",
      slug: "home-garden",
      parent: null,
    });
    expect((await readCategory("home-garden"))?.children).toEqual([]);
    const roots = dataOf(await t.graphql(CategoryTreeDocument, {})).categories;
    expect(roots.map((c) => c.slug)).toContain("home-garden");
  });

  test("children go under their parent, in creation order", async () => {
    const parent = await createCategoryOk(t, staff, { name: "Clothing" });
    const shirts = await createCategoryOk(t, staff, { name: "Shirts", parentId: parent.id });
    const hats = await createCategoryOk(t, staff, { name: "Hats", slug: "headwear", parentId: parent.id });
    expect(shirts.parent).toEqual({ id: parent.id, name: "Clothing", slug: "clothing" });
    expect(hats).toMatchObject({ slug: "headwear", parent: { id: parent.id } });
    expect((await readCategory("clothing"))?.children).toEqual([
      { id: shirts.id, name: "Shirts", slug: "shirts" },
      { id: hats.id, name: "Hats", slug: "headwear" },
    ]);
  });

  test("a product in a sub-category is found under its parent", async () => {
    const parent = await createCategoryOk(t, staff, { name: "Toys" });
    const child = await createCategoryOk(t, staff, { name: "Puzzles", parentId: parent.id });
    const product = await createProductOk(t, staff, { name: "Jigsaw", categoryId: child.id });
    expect((await readCategory("toys"))?.products.edges.map((e) => e.node.id)).toEqual([product.id]);
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
