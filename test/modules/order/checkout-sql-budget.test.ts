import { accountWithRoles } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  checkoutQuote,
  createDiscountCodeOk,
  germanTaxClasses,
  shippingMethodOf,
} from "../../helpers/pricing";
import { seedVariant } from "../../helpers/seed";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";

/**
 * SQL statements per request for checkoutQuote and checkout do not grow with the cart: at 1,
 * 10 and 50 lines, in both tax classes and none, with a code and a chosen method, the same
 * count. Anonymous requests (no session lookup); the sweeper slowed down so it cannot run
 * in the middle of a measurement.
 */

const t = useTestApp({ BAZAAR_SWEEP_INTERVAL_SECONDS: "3600" });
const sizes = [1, 10, 50];
/**
 * What they cost when this was written, on both databases. The quote: the cart with its code
 * and lines (Prisma: cart, code, lines, variants, products), the zone's methods, the tax
 * classes with their rates. Checkout: BEGIN, the idempotency key, the cart's lock, its lines
 * (one join), the code's lock, the zone, the taxes, the stock (lock, update), the order with
 * its lines (one statement), the code's use and count, the cart's clean-up (lines, code), the products'
 * aggregates, the webhook endpoints subscribed to ORDER_CREATED (none here), the key's
 * response, COMMIT, then the answer's reads.
 */
const budget = { quote: 7, checkout: 23 };

test(`checkoutQuote and checkout cost the same statements at ${sizes.join(", ")} cart lines`, async () => {
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const { standard, reduced } = await germanTaxClasses(t, admin);
  const express = await shippingMethodOf(t, "DE", "Express");
  const classes = [null, standard.id, reduced.id];
  const counts = [];
  for (const size of sizes) {
    const lines: [{ id: string }, number][] = [];
    for (let i = 0; i < size; i += 1)
      lines.push([await seedVariant(t, 100 + i, 10, classes[i % 3]), 1 + (i % 2)]);
    const cart = await cartWith(t, undefined, lines);
    const code = await createDiscountCodeOk(t, admin, { type: "PERCENTAGE", value: "15" });
    await applyDiscountCodeOk(t, undefined, cart.id, code.code);
    const destination = { country: "DE", region: "Berlin" };
    const quote = await measured(t, () =>
      checkoutQuote(t, undefined, { cartId: cart.id, ...destination, shippingMethodId: express.id }),
    );
    const order = await measured(t, () =>
      checkout(t, undefined, guestCheckoutTo(cart.id, destination, { shippingMethodId: express.id })),
    );
    expect(order.data.checkout.lines).toHaveLength(size);
    expect(order.data.checkout.total).toEqual(quote.data.checkoutQuote.total);
    counts.push({ size, quote: quote.statements, checkout: order.statements });
  }
  const [first] = counts;
  expect(counts).toEqual(sizes.map((size) => ({ size, quote: first!.quote, checkout: first!.checkout })));
  expect(first!.quote).toBeLessThanOrEqual(budget.quote);
  expect(first!.checkout).toBeLessThanOrEqual(budget.checkout);
});
