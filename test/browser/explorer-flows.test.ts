import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import type { ExplorerTab } from "../../client/explorer/operations.mjs" with { "resolution-mode": "import" };
import { composeDiscountCodes } from "../../src/db/seed/demo-discounts";
import { createRandom } from "../../src/db/seed/random";
import { postRaw } from "../client/sdk-helpers";
import { seedProduct } from "../helpers/seed";
import { useTestApp } from "../helpers/test-app";

/** The explorer's flow tabs (client/explorer/flows) as GraphiQL gets them, run as their comments say. */

const root = path.resolve(__dirname, "../..");
const t = useTestApp();
let flows: ExplorerTab[];

beforeAll(async () => {
  // The explorer's build code is an ES module: jest loads it as one (--experimental-vm-modules).
  const { readFlowTabs } = await import("../../client/explorer/operations.mjs");
  flows = readFlowTabs(path.join(root, "client/explorer/flows"), path.join(root, "client/operations"));
  // The demo shop's codes; every test database has its shipping zones.
  await t.db.prisma.discountCode.createMany({ data: composeDiscountCodes(createRandom(1), new Date()) });
});

test("every flow tab is valid against the schema and has preset variables", () => {
  const schema = buildSchema(readFileSync(path.join(root, "schema.graphql"), "utf8"));
  expect(flows.length).toBeGreaterThan(0);
  for (const tab of flows) {
    expect(validate(schema, parse(tab.query)).map((error) => error.message)).toEqual([]);
    expect(JSON.parse(tab.variables ?? "null")).toEqual(expect.any(Object));
  }
});

test("the shop flow: a variant, a cart, WELCOME10, the quote, checkout by the method picked from it", async () => {
  await seedProduct(t, [{ price: 2000, stock: 5 }]);
  const tab = flows.find((flow) => flow.query.startsWith("# client/explorer/flows/shop-flow.graphql\n"))!;
  const variables = JSON.parse(tab.variables!) as Record<string, unknown>;
  const run = async <T>(operationName: string): Promise<T> => {
    const response = await postRaw(t.baseUrl, { query: tab.query, operationName, variables });
    expect({ operationName, errors: response.errors }).toEqual({ operationName, errors: undefined });
    return response.data as T;
  };

  const { products } = await run<{ products: { edges: { node: { variants: { id: string }[] } }[] } }>(
    "ShopFlow1_FindAVariant",
  );
  variables["variantId"] = products.edges[0]!.node.variants[0]!.id;
  variables["cartId"] = (await run<{ createCart: { id: string } }>("ShopFlow2_CreateCart")).createCart.id;
  await run("ShopFlow3_AddToCart");
  expect(await run("ShopFlow4_ApplyDiscountCode")).toMatchObject({
    applyDiscountCode: {
      discountCode: "WELCOME10",
      subtotal: { amount: "40.00" },
      discountTotal: { amount: "4.00" },
    },
  });
  type Rate = { method: { id: string; name: string }; price: { amount: string } };
  const { checkoutQuote } = await run<{ checkoutQuote: { shippingRates: Rate[] } }>(
    "ShopFlow5_CheckoutQuote",
  );
  expect(checkoutQuote.shippingRates.map((rate) => [rate.method.name, rate.price.amount])).toEqual([
    ["Standard", "4.99"],
    ["Express", "14.99"],
  ]);
  variables["shippingMethodId"] = checkoutQuote.shippingRates[1]!.method.id;

  const { checkout } = await run<{ checkout: Record<string, unknown> }>("ShopFlow6_Checkout");
  // No tax class in a test database: 36.00 + 14.99.
  expect(checkout).toMatchObject({
    discountCode: "WELCOME10",
    shippingMethod: "Express",
    shippingAddress: { country: "US", region: "IL" },
    total: { amount: "50.99" },
  });
});
