import { randomUUID } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { dataOf, expectError, globalId, keyOf } from "../accounts/account-flows";
import {
  archiveProduct,
  createCategoryOk,
  createProductOk,
  customerToken,
  listedProductIds,
  readNode,
  readProduct,
  staffToken,
  type CategoryData,
  type ProductData,
} from "./catalog-flows";
import { compareText, expectedOrder } from "./listing-flows";

let t: TestApp;
let staff: string;
let customer: string;
let root: CategoryData;
let child: CategoryData;
let otherRoot: CategoryData;
let lamp: ProductData;
let rug: ProductData;
let archived: ProductData;
let archivedInDb: ProductData;

beforeAll(async () => {
  t = await startTestApp();
  [staff, customer] = [await staffToken(t), await customerToken(t)];
  root = await createCategoryOk(t, staff, { name: "Reads Root" });
  child = await createCategoryOk(t, staff, { name: "Reads Child", parentId: root.id });
  otherRoot = await createCategoryOk(t, staff, { name: "Reads Other" });
  lamp = await createProductOk(t, staff, { name: "Reads Lamp", categoryId: child.id });
  rug = await createProductOk(t, staff, { name: "Reads Rug", categoryId: root.id });
  archived = await createProductOk(t, staff, { name: "Reads Archived Vase", categoryId: child.id });
  dataOf(await archiveProduct(t, staff, archived.id));
  archivedInDb = await createProductOk(t, staff, { name: "Reads Retired Bowl", categoryId: child.id });
  await t.db.prisma.product.update({
    where: { id: keyOf(archivedInDb.id) },
    data: { archivedAt: new Date() },
  });
});
afterAll(async () => {
  await t.close();
});

describe("product(id | slug)", () => {
  test("by id and by slug: the same product, as created", async () => {
    const byId = await readProduct(t, { id: lamp.id });
    expect(byId).toEqual(lamp);
    expect(await readProduct(t, { slug: lamp.slug })).toEqual(byId);
    expect(byId?.variants.map((variant) => [variant.name, variant.price.amount, variant.inStock])).toEqual([
      ["Medium", "19.99", true],
      ["Large", "24.50", false],
    ]);
    expect(byId?.category).toEqual({ id: child.id, name: "Reads Child", slug: child.slug });
  });

  test.each([
    ["neither id nor slug", "{ product { id } }", {}],
    [
      "both id and slug",
      "query ($id: ID, $slug: String) { product(id: $id, slug: $slug) { id } }",
      { slug: "reads-lamp" },
    ],
  ])("%s is BAD_USER_INPUT", async (_case, query, variables) => {
    const response = await t.graphql(query, "slug" in variables ? { id: lamp.id, ...variables } : variables);
    expectError(response, "BAD_USER_INPUT");
    expect(["id", "slug"]).toContain(response.errors?.[0]?.extensions?.field);
  });

  test("an unknown id or slug is null", async () => {
    expect(await readProduct(t, { id: globalId("Product", randomUUID()) })).toBeNull();
    expect(await readProduct(t, { slug: "no-such-product" })).toBeNull();
  });

  test.each([
    ["a Category id", () => root.id],
    ["a malformed id", () => "bm90LWFuLWlk"],
  ])("%s as the product id is BAD_USER_INPUT naming id", async (_case, id) => {
    expectError(
      await t.graphql("query ($id: ID) { product(id: $id) { id } }", { id: id() }),
      "BAD_USER_INPUT",
      "id",
    );
  });
});

describe("archived products", () => {
  const viewers: [string, () => string | undefined][] = [
    ["anonymous", () => undefined],
    ["a customer", () => customer],
  ];

  test.each(viewers)(
    "are gone for %s: product(id/slug), node(product/variant), listings, category pages",
    async (_case, token) => {
      for (const product of [archived, archivedInDb]) {
        expect(await readProduct(t, { id: product.id }, token())).toBeNull();
        expect(await readProduct(t, { slug: product.slug }, token())).toBeNull();
        expect(await readNode(t, product.id, token())).toBeNull();
        expect(await readNode(t, product.variants[0]!.id, token())).toBeNull();
      }
      const listed = await listedProductIds(t, token());
      expect(listed).toEqual(expect.arrayContaining([lamp.id, rug.id]));
      expect(listed).not.toContain(archived.id);
      expect(listed).not.toContain(archivedInDb.id);
      const page = await t.graphql<{
        category: { products: { totalCount: number; edges: { node: { id: string } }[] } };
      }>(
        "query ($slug: String) { category(slug: $slug) { products { totalCount edges { node { id } } } } }",
        { slug: child.slug },
        token() ? { token: token()! } : {},
      );
      expect(dataOf(page).category.products).toEqual({ totalCount: 1, edges: [{ node: { id: lamp.id } }] });
    },
  );

  test("stay readable by staff, with archivedAt set", async () => {
    for (const product of [archived, archivedInDb]) {
      const read = await readProduct(t, { id: product.id }, staff);
      expect(read?.id).toBe(product.id);
      expect(read?.archivedAt).not.toBeNull();
      expect(await readNode(t, product.id, staff)).toEqual({ id: product.id });
      expect(await readNode(t, product.variants[0]!.id, staff)).toEqual({ id: product.variants[0]!.id });
    }
    expect(await listedProductIds(t, staff)).toEqual(expect.arrayContaining([archived.id, archivedInDb.id]));
  });
});

interface CategoryRead {
  id: string;
  name: string;
  slug: string;
  parent: { id: string; slug: string } | null;
  children: { id: string; slug: string }[];
  products: { totalCount: number; edges: { node: { id: string } }[] };
}
const categoryRead =
  "id name slug parent { id slug } children { id slug } products(first: 10) { totalCount edges { node { id } } }";

describe("categories", () => {
  test("categories lists the roots only, each with its children", async () => {
    const { categories } = dataOf(
      await t.graphql<{ categories: CategoryRead[] }>(`{ categories { ${categoryRead} } }`),
    );
    // In display order: position, then name, then id.
    const rows = await t.db.prisma.category.findMany({ where: { parentId: null } });
    rows.sort((a, b) => a.position - b.position || compareText(a.name, b.name) || compareText(a.id, b.id));
    expect(rows.map((row) => row.id).sort()).toEqual([keyOf(root.id), keyOf(otherRoot.id)].sort());
    expect(categories.map((category) => keyOf(category.id))).toEqual(rows.map((row) => row.id));
    expect(categories.every((category) => category.parent === null)).toBe(true);
    expect(categories.find((category) => category.id === root.id)?.children).toEqual([
      { id: child.id, slug: child.slug },
    ]);
  });

  test("category(slug) of a child: its parent, no children, its visible products", async () => {
    const { category } = dataOf(
      await t.graphql<{ category: CategoryRead }>(
        `query ($slug: String) { category(slug: $slug) { ${categoryRead} } }`,
        { slug: child.slug },
      ),
    );
    expect(category).toEqual({
      id: child.id,
      name: "Reads Child",
      slug: child.slug,
      parent: { id: root.id, slug: root.slug },
      children: [],
      products: { totalCount: 1, edges: [{ node: { id: lamp.id } }] },
    });
  });

  test("category(id) of a root: its products include its sub-categories', newest first", async () => {
    const { category } = dataOf(
      await t.graphql<{ category: CategoryRead }>(
        `query ($id: ID) { category(id: $id) { ${categoryRead} } }`,
        { id: root.id },
      ),
    );
    const rows = await t.db.prisma.product.findMany({
      where: { id: { in: [keyOf(lamp.id), keyOf(rug.id)] } },
    });
    expect(category.products.edges.map((edge) => keyOf(edge.node.id))).toEqual(
      expectedOrder(rows, "NEWEST").map((row) => row.id),
    );
    expect(category.products.totalCount).toBe(2);
    expect(category.children).toEqual([{ id: child.id, slug: child.slug }]);
  });

  test("an unknown slug or id is null", async () => {
    expect(dataOf(await t.graphql('{ category(slug: "no-such-category") { id } }')).category).toBeNull();
    const response = await t.graphql("query ($id: ID) { category(id: $id) { id } }", {
      id: globalId("Category", randomUUID()),
    });
    expect(dataOf(response).category).toBeNull();
  });

  test.each([
    ["neither id nor slug", "{ category { id } }", {}],
    [
      "both",
      "query ($id: ID, $slug: String) { category(id: $id, slug: $slug) { id } }",
      { slug: "reads-root" },
    ],
  ])("%s is BAD_USER_INPUT", async (_case, query, variables) => {
    expectError(
      await t.graphql(query, "slug" in variables ? { id: root.id, ...variables } : variables),
      "BAD_USER_INPUT",
    );
  });

  test("a Product id passed as a Category id is BAD_USER_INPUT naming the field", async () => {
    expectError(
      await t.graphql("query ($id: ID) { category(id: $id) { id } }", { id: lamp.id }),
      "BAD_USER_INPUT",
      "id",
    );
    expectError(
      await t.graphql("query ($id: ID) { products(filter: { categoryId: $id }) { edges { node { id } } } }", {
        id: lamp.id,
      }),
      "BAD_USER_INPUT",
      "filter.categoryId",
    );
  });

  test.each([0, 101])("a category's products(first: %i) is BAD_USER_INPUT naming first", async (first) => {
    const response = await t.graphql(
      "query ($first: Int) { categories { products(first: $first) { edges { node { id } } } } }",
      { first },
    );
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors ?? [])
      expect([error.extensions?.code, error.extensions?.field]).toEqual(["BAD_USER_INPUT", "first"]);
  });
});

describe("node(id) and relations", () => {
  const nodeQuery = `query ($id: ID!) { node(id: $id) { __typename id
    ... on Product { name category { id } variants { id product { id } } }
    ... on ProductVariant { sku price { amount } product { id name } }
    ... on Category { slug parent { id } children { id } } } }`;

  test("a Product, with its variants pointing back at it", async () => {
    const { node } = dataOf(await t.graphql<{ node: Record<string, unknown> }>(nodeQuery, { id: lamp.id }));
    expect(node).toEqual({
      __typename: "Product",
      id: lamp.id,
      name: "Reads Lamp",
      category: { id: child.id },
      variants: lamp.variants.map((variant) => ({ id: variant.id, product: { id: lamp.id } })),
    });
  });

  test("a ProductVariant, with its product", async () => {
    const variant = lamp.variants[1]!;
    const { node } = dataOf(
      await t.graphql<{ node: Record<string, unknown> }>(nodeQuery, { id: variant.id }),
    );
    expect(node).toEqual({
      __typename: "ProductVariant",
      id: variant.id,
      sku: variant.sku,
      price: { amount: "24.50" },
      product: { id: lamp.id, name: "Reads Lamp" },
    });
  });

  test("a Category, with parent and children", async () => {
    const { node } = dataOf(await t.graphql<{ node: Record<string, unknown> }>(nodeQuery, { id: child.id }));
    expect(node).toEqual({
      __typename: "Category",
      id: child.id,
      slug: child.slug,
      parent: { id: root.id },
      children: [],
    });
    expect(
      dataOf(await t.graphql<{ node: Record<string, unknown> }>(nodeQuery, { id: root.id })).node,
    ).toMatchObject({ children: [{ id: child.id }] });
  });

  test("unknown keys are null; unknown types and malformed ids are BAD_USER_INPUT", async () => {
    for (const type of ["Product", "ProductVariant", "Category"])
      expect(await readNode(t, globalId(type, randomUUID()))).toBeNull();
    expectError(
      await t.graphql("query ($id: ID!) { node(id: $id) { id } }", { id: globalId("Widget", randomUUID()) }),
      "BAD_USER_INPUT",
      "id",
    );
    expectError(
      await t.graphql("query ($id: ID!) { node(id: $id) { id } }", { id: "%%%" }),
      "BAD_USER_INPUT",
      "id",
    );
  });
});
