import { randomUUID } from "node:crypto";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";
import { globalId, keyOf, registerOk, type Account } from "../accounts/account-flows";

/** Rows and GraphQL documents shared by the review tests. */

export const reviewFields = "id rating title body authorName createdAt";

export interface ReviewData {
  id: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  createdAt: string;
}

export interface TestProduct {
  key: string;
  /** Global id, as the API shows it. */
  id: string;
  variantKey: string;
  name: string;
  sku: string;
}

type OrderStatus = "PENDING_PAYMENT" | "PAID" | "FULFILLED" | "CANCELLED" | "REFUNDED";

/** A product with one variant, written straight to the database (no staff API needed). */
export async function createProduct(
  t: TestApp,
  overrides: { archived?: boolean } = {},
): Promise<TestProduct> {
  const suffix = randomUUID().slice(0, 8);
  const name = `Test Lamp ${suffix}`;
  const sku = `LAMP-${suffix}`;
  const product = await t.db.prisma.product.create({
    data: {
      name,
      slug: `test-lamp-${suffix}`,
      description: "A lamp made for tests.",
      minPriceAmount: 2500,
      maxPriceAmount: 2500,
      inStock: true,
      archivedAt: overrides.archived ? new Date() : null,
      variants: { create: [{ sku, name: "Default", priceAmount: 2500, quantityAvailable: 10 }] },
    },
    select: { id: true, variants: { select: { id: true } } },
  });
  return {
    key: product.id,
    id: globalId("Product", product.id),
    variantKey: product.variants[0]!.id,
    name,
    sku,
  };
}

/** An order of one unit of `product` for `account`, in the given state (checkout does not exist yet). */
export async function createOrder(
  t: TestApp,
  account: Account,
  product: TestProduct,
  status: OrderStatus,
): Promise<void> {
  await t.db.prisma.order.create({
    data: {
      status,
      email: account.email,
      userId: keyOf(account.user.id),
      currencyCode: "USD",
      subtotalAmount: 2500,
      shippingAmount: 599,
      totalAmount: 3099,
      shippingAddress: {
        fullName: account.user.name,
        line1: "1 Test Street",
        city: "Testville",
        postalCode: "12345",
        country: "US",
      },
      lines: {
        create: [
          {
            productId: product.key,
            variantId: product.variantKey,
            productName: product.name,
            sku: product.sku,
            quantity: 1,
            unitPriceAmount: 2500,
            lineTotalAmount: 2500,
          },
        ],
      },
    },
  });
}

/** A registered customer who has a PAID order of `product`. */
export async function buyer(t: TestApp, product: TestProduct, name = "Grace Hopper"): Promise<Account> {
  const account = await registerOk(t, { name });
  await createOrder(t, account, product, "PAID");
  return account;
}

export interface AddReviewFields {
  productId: string;
  rating: number;
  title: string;
  body: string;
}

export function addReview(
  t: TestApp,
  token: string | undefined,
  input: Partial<AddReviewFields> & { productId: string },
): Promise<
  GraphQLResponse<{
    addReview: ReviewData & { product: { id: string; rating: { average: number | null; count: number } } };
  }>
> {
  return t.graphql(
    `mutation ($input: AddReviewInput!) { addReview(input: $input) { ${reviewFields} product { id rating { average count } } } }`,
    { input: { rating: 4, title: "Bright and sturdy", body: "Lights the whole desk.", ...input } },
    token ? { token } : {},
  );
}

export interface ReviewPageData {
  totalCount: number;
  edges: { cursor: string; node: ReviewData }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** One page of a product's reviews, with its rating summary. */
export function productReviews(
  t: TestApp,
  productId: string,
  args: { first?: number; after?: string | null } = {},
  token?: string,
): Promise<
  GraphQLResponse<{
    product: { rating: { average: number | null; count: number }; reviews: ReviewPageData } | null;
  }>
> {
  return t.graphql(
    `query ($id: ID!, $first: Int, $after: String) {
      product(id: $id) {
        rating { average count }
        reviews(first: $first, after: $after) {
          totalCount
          edges { cursor node { ${reviewFields} } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }`,
    { id: productId, ...args },
    token ? { token } : {},
  );
}
