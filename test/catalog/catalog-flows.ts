import { dataOf, grantRoles, registerOk } from "../accounts/account-flows";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";

/** GraphQL documents and flows for the staff catalog writes, shared by the catalog tests. */

export const variantFields =
  "id sku name options { name value } price { amount currencyCode } quantityAvailable inStock";
export const productFields = `id name slug description imageUrls archivedAt createdAt
  category { id name slug }
  priceRange { min { amount currencyCode } max { amount currencyCode } }
  variants { ${variantFields} }`;
export const categoryFields = "id name slug parent { id slug } children { id slug }";

export interface MoneyData {
  amount: string;
  currencyCode: string;
}

export interface VariantData {
  id: string;
  sku: string;
  name: string;
  options: { name: string; value: string }[];
  price: MoneyData;
  quantityAvailable: number;
  inStock: boolean;
}

export interface ProductData {
  id: string;
  name: string;
  slug: string;
  description: string;
  imageUrls: string[];
  archivedAt: string | null;
  createdAt: string;
  category: { id: string; name: string; slug: string } | null;
  priceRange: { min: MoneyData; max: MoneyData };
  variants: VariantData[];
}

export interface CategoryData {
  id: string;
  name: string;
  slug: string;
  parent: { id: string; slug: string } | null;
  children: { id: string; slug: string }[];
}

export interface VariantInputData {
  sku: string;
  name: string;
  options?: { name: string; value: string }[];
  price: string;
  quantityAvailable: number;
}

export interface ProductInputData {
  name: string;
  slug?: string | null;
  description: string;
  imageUrls?: string[];
  categoryId?: string | null;
  variants: VariantInputData[];
}

type Roles = ("CUSTOMER" | "STAFF" | "ADMIN")[];

let sequence = 0;

/** A SKU no other test in this process uses. */
export function uniqueSku(prefix = "SKU"): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** A fresh account with these roles (granted in the database: there is no API for it). */
export async function tokenWithRoles(t: TestApp, roles: Roles): Promise<string> {
  const account = await registerOk(t);
  if (roles.join() !== "CUSTOMER") await grantRoles(t, account, roles);
  return account.token;
}

export function staffToken(t: TestApp): Promise<string> {
  return tokenWithRoles(t, ["STAFF"]);
}

export function adminToken(t: TestApp): Promise<string> {
  return tokenWithRoles(t, ["ADMIN"]);
}

export function customerToken(t: TestApp): Promise<string> {
  return tokenWithRoles(t, ["CUSTOMER"]);
}

/** A valid input with two variants (19.99 in stock, 24.50 sold out) and unique SKUs. */
export function productInput(overrides: Partial<ProductInputData> = {}): ProductInputData {
  return {
    name: "Linen Shirt",
    description: "A shirt of washed linen.",
    imageUrls: ["https://img.example.com/linen-shirt.jpg"],
    variants: [
      {
        sku: uniqueSku(),
        name: "Medium",
        options: [{ name: "Size", value: "M" }],
        price: "19.99",
        quantityAvailable: 5,
      },
      {
        sku: uniqueSku(),
        name: "Large",
        options: [{ name: "Size", value: "L" }],
        price: "24.50",
        quantityAvailable: 0,
      },
    ],
    ...overrides,
  };
}

const withToken = (token: string | undefined): { token?: string } => (token ? { token } : {});

export function createProduct(
  t: TestApp,
  token: string | undefined,
  overrides: Partial<ProductInputData> = {},
): Promise<GraphQLResponse<{ createProduct: ProductData }>> {
  return t.graphql(
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { ${productFields} } }`,
    { input: productInput(overrides) },
    withToken(token),
  );
}

export async function createProductOk(
  t: TestApp,
  token: string,
  overrides: Partial<ProductInputData> = {},
): Promise<ProductData> {
  return dataOf(await createProduct(t, token, overrides)).createProduct;
}

export function updateProduct(
  t: TestApp,
  token: string | undefined,
  input: Record<string, unknown>,
): Promise<GraphQLResponse<{ updateProduct: ProductData }>> {
  return t.graphql(
    `mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { ${productFields} } }`,
    { input },
    withToken(token),
  );
}

export function archiveProduct(
  t: TestApp,
  token: string | undefined,
  id: string,
): Promise<GraphQLResponse<{ archiveProduct: ProductData }>> {
  return t.graphql(
    `mutation ($id: ID!) { archiveProduct(id: $id) { ${productFields} } }`,
    { id },
    withToken(token),
  );
}

export function updateVariant(
  t: TestApp,
  token: string | undefined,
  input: Record<string, unknown>,
): Promise<GraphQLResponse<{ updateVariant: VariantData & { product: ProductData } }>> {
  return t.graphql(
    `mutation ($input: UpdateVariantInput!) { updateVariant(input: $input) { ${variantFields} product { ${productFields} } } }`,
    { input },
    withToken(token),
  );
}

export function createCategory(
  t: TestApp,
  token: string | undefined,
  input: { name: string; slug?: string | null; parentId?: string | null },
): Promise<GraphQLResponse<{ createCategory: CategoryData }>> {
  return t.graphql(
    `mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { ${categoryFields} } }`,
    { input },
    withToken(token),
  );
}

export async function createCategoryOk(
  t: TestApp,
  token: string,
  input: { name: string; slug?: string | null; parentId?: string | null },
): Promise<CategoryData> {
  return dataOf(await createCategory(t, token, input)).createCategory;
}

/** `product(id:)` or `product(slug:)`, as `token` (anonymous when absent) sees it. */
export async function readProduct(
  t: TestApp,
  by: { id: string } | { slug: string },
  token?: string,
): Promise<ProductData | null> {
  const [arg, type] = "id" in by ? ["id", "ID"] : ["slug", "String"];
  const response = await t.graphql<{ product: ProductData | null }>(
    `query ($value: ${type}!) { product(${arg}: $value) { ${productFields} } }`,
    { value: "id" in by ? by.id : by.slug },
    withToken(token),
  );
  return dataOf(response).product;
}

export async function readNode(t: TestApp, id: string, token?: string): Promise<{ id: string } | null> {
  const response = await t.graphql<{ node: { id: string } | null }>(
    "query ($id: ID!) { node(id: $id) { id } }",
    { id },
    withToken(token),
  );
  return dataOf(response).node;
}

/** Ids of the first 100 products of `products`, as `token` sees them. */
export async function listedProductIds(
  t: TestApp,
  token?: string,
  filter?: Record<string, unknown>,
): Promise<string[]> {
  const response = await t.graphql<{ products: { edges: { node: { id: string } }[] } }>(
    "query ($filter: ProductFilter) { products(first: 100, filter: $filter) { edges { node { id } } } }",
    { filter: filter ?? null },
    withToken(token),
  );
  return dataOf(response).products.edges.map((edge) => edge.node.id);
}
