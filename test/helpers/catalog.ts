import {
  ArchiveProductDocument,
  CreateCategoryDocument,
  CreateProductDocument,
  MoneyFieldsFragmentDoc,
  ProductListDocument,
  StaffProductFragmentDoc,
  UpdateProductDocument,
  UpdateVariantDocument,
  type ArchiveProductMutation,
  type CreateCategoryInput,
  type CreateCategoryMutation,
  type CreateProductInput,
  type CreateProductMutation,
  type MoneyFieldsFragment,
  type ProductFilter,
  type StaffProductFragment,
} from "../../client";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";
import { typedDocument } from "./typed-document";

/** The staff catalog through the SDK's operations (client/operations/staff.graphql), and reads of what they wrote. */

export type CreatedCategory = CreateCategoryMutation["createCategory"];

let sequence = 0;

/** A SKU no other test in this process uses. */
export function uniqueSku(prefix = "SKU"): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** A valid input with two variants (19.99 in stock, 24.50 sold out) and unique SKUs. */
export function productInput(overrides: Partial<CreateProductInput> = {}): CreateProductInput {
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

export function createProduct(
  t: TestApp,
  token: string | undefined,
  overrides: Partial<CreateProductInput> = {},
): Promise<GraphQLResponse<CreateProductMutation>> {
  return t.graphql(CreateProductDocument, { input: productInput(overrides) }, { token });
}

export async function createProductOk(
  t: TestApp,
  token: string,
  overrides: Partial<CreateProductInput> = {},
): Promise<StaffProductFragment> {
  return dataOf(await createProduct(t, token, overrides)).createProduct;
}

export const updateProduct = inputMutation(UpdateProductDocument);

export function archiveProduct(
  t: TestApp,
  token: string | undefined,
  id: string,
): Promise<GraphQLResponse<ArchiveProductMutation>> {
  return t.graphql(ArchiveProductDocument, { id }, { token });
}

export const updateVariant = inputMutation(UpdateVariantDocument);

export const createCategory = inputMutation(CreateCategoryDocument);

export async function createCategoryOk(
  t: TestApp,
  token: string,
  input: CreateCategoryInput,
): Promise<CreatedCategory> {
  return dataOf(await createCategory(t, token, input)).createCategory;
}

const productByIdDocument = typedDocument<{ product: StaffProductFragment | null }, { value: string }>(
  "query StaffProductById($value: ID!) { product(id: $value) { ...StaffProduct } }",
  StaffProductFragmentDoc,
);
const productBySlugDocument = typedDocument<{ product: StaffProductFragment | null }, { value: string }>(
  "query StaffProductBySlug($value: String!) { product(slug: $value) { ...StaffProduct } }",
  StaffProductFragmentDoc,
);

/** `product(id:)` or `product(slug:)` with the fields the staff mutations answer with, as `token` (anonymous when absent) sees it. */
export async function readProduct(
  t: TestApp,
  by: { id: string } | { slug: string },
  token?: string,
): Promise<StaffProductFragment | null> {
  const response =
    "id" in by
      ? await t.graphql(productByIdDocument, { value: by.id }, { token })
      : await t.graphql(productBySlugDocument, { value: by.slug }, { token });
  return dataOf(response).product;
}

/** The variant called `name` of the product at `slug` (a demo shop's product, say). */
export async function variantBySlug(
  t: TestApp,
  slug: string,
  name: string,
): Promise<{ id: string; sku: string }> {
  const variant = (await readProduct(t, { slug }))?.variants.find((candidate) => candidate.name === name);
  if (!variant) throw new Error(`no variant "${name}" of the product ${slug}`);
  return variant;
}

interface PriceRange {
  min: MoneyFieldsFragment;
  max: MoneyFieldsFragment;
}

const priceRangeDocument = typedDocument<{ product: { priceRange: PriceRange } | null }, { id: string }>(
  "query ProductPriceRange($id: ID!) { product(id: $id) { priceRange { min { ...MoneyFields } max { ...MoneyFields } } } }",
  MoneyFieldsFragmentDoc,
);

/** A product's price range (which the staff mutations do not answer with), as staff see it. */
export async function priceRangeOf(t: TestApp, id: string, token?: string): Promise<PriceRange | undefined> {
  return dataOf(await t.graphql(priceRangeDocument, { id }, { token })).product?.priceRange;
}

/** Ids of the first 100 products of the storefront's `ProductList`, as `token` sees them. */
export async function listedProductIds(
  t: TestApp,
  token?: string,
  filter?: ProductFilter,
): Promise<string[]> {
  const response = await t.graphql(ProductListDocument, { first: 100, filter: filter ?? null }, { token });
  return dataOf(response).products.edges.map((edge) => edge.node.id);
}
