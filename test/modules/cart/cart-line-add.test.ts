import { staffAccount, type Account } from "../../helpers/accounts";
import { addToCart, createCart, readCart } from "../../helpers/carts";
import { createProductOk } from "../../helpers/catalog";
import { errorCodes } from "../../helpers/graphql-client";
import { keyOf } from "../../helpers/ids";
import { measured } from "../../helpers/sql-budget";
import { dataOf } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

/**
 * addToCart in one statement: the line written, the cart touched and the answer read in one
 * round trip; the line limit holds under racing additions to one cart.
 */

const t = useTestApp({ BAZAAR_SWEEP_INTERVAL_SECONDS: "3600" });
let staff: Account;
let variants: { id: string }[];

beforeAll(async () => {
  staff = await staffAccount(t);
  variants = (await createProductOk(t, staff.token)).variants;
  await t.db.prisma.productVariant.updateMany({ data: { quantityAvailable: 1000 } });
});

const answer = "id totalQuantity subtotal { amount } lines { quantity variant { sku price { amount } } }";
const add = (cartId: string, variantId: string, quantity: number) =>
  t.graphql<{ addToCart: { totalQuantity: number; lines: { quantity: number }[] } }>(
    `mutation ($input: AddToCartInput!) { addToCart(input: $input) { ${answer} } }`,
    { input: { cartId, variantId, quantity } },
  );

test("a guest's addToCart with its answer (lines, variants, prices) is ONE statement, for a new line and an existing one", async () => {
  const cart = await createCart(t);
  const first = await measured(t, () => add(cart.id, variants[0]!.id, 2));
  const second = await measured(t, () => add(cart.id, variants[1]!.id, 1));
  const again = await measured(t, () => add(cart.id, variants[0]!.id, 3));
  expect([first.statements, second.statements, again.statements]).toEqual([1, 1, 1]);
  expect(again.data.addToCart).toMatchObject({
    totalQuantity: 6,
    subtotal: { amount: (5 * 19.99 + 24.5).toFixed(2) },
    lines: [{ quantity: 5 }, { quantity: 1 }],
  });
  // The answer is what the cart now is.
  const read = dataOf(await readCart(t, cart.id)).cart!;
  expect(read.totalQuantity).toBe(6);
  const row = await t.db.prisma.cart.findUniqueOrThrow({ where: { id: keyOf(cart.id) } });
  expect(row.updatedAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
});

test("12 racing additions of 15 units to one line: 6 are taken (90 of at most 99), 6 refused naming quantity, never over the limit", async () => {
  const cart = await createCart(t);
  const answers = await Promise.all(
    Array.from({ length: 12 }, () =>
      addToCart(t, undefined, { cartId: cart.id, variantId: variants[0]!.id, quantity: 15 }),
    ),
  );
  const taken = answers.filter((response) => !response.errors);
  const refused = answers.filter((response) => response.errors);
  expect(taken).toHaveLength(6);
  expect(refused.map((response) => errorCodes(response))).toEqual(Array(6).fill(["BAD_USER_INPUT"]));
  for (const response of refused) expect(response.errors![0]!.extensions?.["field"]).toBe("quantity");
  const line = await t.db.prisma.cartLine.findFirstOrThrow({ where: { cartId: keyOf(cart.id) } });
  expect(line.quantity).toBe(90);
});
