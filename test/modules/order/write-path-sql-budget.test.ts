import { addToCart, createCart } from "../../helpers/carts";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import { payInput, payOrder, useHeldApp } from "../../helpers/payments";
import { seedVariant } from "../../helpers/seed";
import { measured } from "../../helpers/sql-budget";

/**
 * The write path's SQL statements per request, with the SDK's answers (the cart, the order
 * with its lines and payments, the payment): exactly these counts, at 1 cart line and at 10.
 * A guest's requests (no session lookup), on an `api` node, so that no background work (jobs,
 * the sweeper) runs in the middle of a measurement.
 *
 * - addToCart: ONE statement, the answer included: the cart's lines, their variants and
 *   products (see cart-line-add.ts).
 * - checkout: BEGIN, the idempotency key (claimed with its answer), the cart's lock, its
 *   lines, the zone's methods with the tax rates (one statement), the stock (locked and
 *   taken), the products' aggregates, the order with its lines (the cart emptied, the answer
 *   returned), the ORDER_CREATED event, COMMIT. The answer (lines, variants, products, no
 *   payments) reads nothing more.
 * - payOrder: the intent (the order locked and checked, the key claimed, the PENDING payment:
 *   one statement), then the gateway's call, then its id recorded (returning the answer). The
 *   test gateway, standing in for a provider's HTTP API, writes its payment and the webhook
 *   it will send in a transaction of its own: 4 of the 6 (BEGIN, its payment, the job,
 *   COMMIT). A real gateway's call sends none.
 */

const { t } = useHeldApp({ BAZAAR_ROLE: "api" });
const budget = { addToCart: 1, checkout: 10, payOrder: 6 };

async function writePathStatements(lineCount: number) {
  const cart = await createCart(t);
  const additions = [];
  for (let i = 0; i < lineCount; i += 1) {
    const variant = await seedVariant(t, 1000 + i, 10);
    const added = await measured(t, () =>
      addToCart(t, undefined, { cartId: cart.id, variantId: variant.id, quantity: 1 + (i % 2) }),
    );
    expect(added.data.addToCart.lines).toHaveLength(i + 1);
    additions.push(added.statements);
  }
  const placed = await measured(t, () =>
    checkout(t, undefined, guestCheckoutTo(cart.id, { country: "US", region: "NY" })),
  );
  const order = placed.data.checkout;
  expect(order).toMatchObject({ status: "PENDING_PAYMENT", payments: [] });
  expect(order.lines).toHaveLength(lineCount);
  const paid = await measured(t, () => payOrder(t, undefined, payInput(order.id)));
  expect(paid.data.payOrder).toMatchObject({ status: "PENDING", amount: order.total });
  return { addToCart: [...new Set(additions)], checkout: placed.statements, payOrder: paid.statements };
}

test("addToCart, checkout and payOrder cost the same statements at 1 cart line and at 10", async () => {
  const expected = { ...budget, addToCart: [budget.addToCart] };
  expect(await writePathStatements(1)).toEqual(expected);
  expect(await writePathStatements(10)).toEqual(expected);
});
