import { createProductOk } from "../../helpers/catalog";
import { staffAccount } from "../../helpers/accounts";
import { cartWith, readCart } from "../../helpers/carts";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";

/**
 * SQL statements for reading a cart (the storefront's cart page, the SDK's `Cart`): the cart
 * with its lines, their variants and the variants' products in ONE statement (look-ahead
 * loading), whatever the number of lines — its code's discount, when it has one, is one more.
 */

const t = useTestApp({ BAZAAR_SWEEP_INTERVAL_SECONDS: "3600" });

test("cart(id) { …CartFields }: ONE statement for a guest cart of 1 line and of 6, with every line priced and named", async () => {
  const staff = await staffAccount(t);
  const variants = [];
  for (let n = 0; n < 6; n += 1) variants.push((await createProductOk(t, staff.token)).variants[0]!);
  await t.db.prisma.productVariant.updateMany({ data: { quantityAvailable: 50 } });
  const small = await cartWith(t, undefined, [[variants[0]!, 2]]);
  const large = await cartWith(
    t,
    undefined,
    variants.map((variant, n) => [variant, n + 1] as [{ id: string }, number]),
  );
  const runs = [];
  for (const cart of [small, large]) runs.push(await measured(t, () => readCart(t, cart.id)));
  expect(runs.map((run) => run.statements)).toEqual([1, 1]);

  const read = runs[1]!.data.cart!;
  expect(read.totalQuantity).toBe(21);
  expect(read.lines.map((line) => line.variant.sku)).toEqual(variants.map((variant) => variant.sku));
  for (const line of read.lines) expect(line.variant.product.name).toEqual(expect.any(String));
  // The answer is the one the write gave (same fragment, same rows).
  expect(read).toEqual(large);
});

test("someone else's cart is still NOT_FOUND, whatever it costs", async () => {
  const staff = await staffAccount(t);
  const variant = (await createProductOk(t, staff.token)).variants[0]!;
  await t.db.prisma.productVariant.updateMany({ data: { quantityAvailable: 50 } });
  const owned = await cartWith(t, staff.token, [[variant, 1]]);
  const response = await readCart(t, owned.id);
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["NOT_FOUND"]);
});
