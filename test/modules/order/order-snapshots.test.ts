import { accountWithRoles, registerOk } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { keyOf } from "../../helpers/ids";
import { usd } from "../../helpers/money";
import { checkout, checkoutInput, readOrder } from "../../helpers/orders";
import {
  applyDiscountCode,
  applyDiscountCodeOk,
  checkoutQuoteOk,
  createDiscountCodeOk,
  createShippingMethodOk,
  createShippingZoneOk,
  createTaxClassOk,
  setTaxRateOk,
  updateDiscountCode,
  updateShippingMethod,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { seedProduct, setVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * An order keeps what it was: prices, the code and each line's share of it, tax rates and
 * amounts, the shipping method's name and price are copied onto it at checkout, so staff
 * changing any of them later changes no existing order.
 */

const t = useTestApp();

test("after prices, classes, rates, the method and the code all change, the order reads exactly as placed", async () => {
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const zone = await createShippingZoneOk(t, admin, { name: "Oceania", countries: ["AU"] });
  const courier = await createShippingMethodOk(t, admin, { zoneId: zone.id, name: "Courier", price: "9.00" });
  const standard = await createTaxClassOk(t, admin, "Standard", true);
  const reduced = await createTaxClassOk(t, admin, "Reduced");
  await setTaxRateOk(t, admin, standard, { country: "AU", rate: "10" });
  await setTaxRateOk(t, admin, reduced, { country: "AU", rate: "5" });
  const plain = await seedProduct(t, [{ price: 2000, stock: 10 }]);
  const food = await seedProduct(t, [{ price: 1500, stock: 10 }], { taxClassId: reduced.id });
  const [a, b] = [plain.variants[0]!, food.variants[0]!];
  const code = await createDiscountCodeOk(t, admin, { type: "FIXED_AMOUNT", value: "5" });

  const customer = await registerOk(t);
  const lines: [{ id: string }, number][] = [
    [a, 2],
    [b, 1],
  ];
  const cart = await cartWith(t, customer.token, lines);
  await applyDiscountCodeOk(t, customer.token, cart.id, code.code);
  const shippingAddress = { ...checkoutInput(cart.id).shippingAddress, country: "AU" };
  const placed = dataOf(
    await checkout(
      t,
      customer.token,
      checkoutInput(cart.id, { shippingAddress, shippingMethodId: courier.id }),
    ),
  ).checkout;
  // 5.00 over 40.00 and 15.00: 3.636… and 1.363…, the odd cent to the larger remainder.
  // Tax 10 % of 36.36 = 3.636 → 3.64, 5 % of 13.64 = 0.682 → 0.68, 10 % of the 9.00 courier.
  expect(placed).toMatchObject({
    subtotal: usd("55.00"),
    discountCode: code.code,
    discountTotal: usd("5.00"),
    shippingMethod: "Courier",
    shippingTotal: usd("9.00"),
    taxTotal: usd("5.22"),
    total: usd("64.22"),
  });
  expect(
    placed.lines.map((l) => [l.unitPrice.amount, l.discountAmount.amount, l.taxRate, l.taxAmount.amount]),
  ).toEqual([
    ["20.00", "3.64", "10.00", "3.64"],
    ["15.00", "1.36", "5.00", "0.68"],
  ]);

  // Everything the order was priced from changes.
  await setVariant(t, a, { priceAmount: 2500 });
  await setVariant(t, b, { priceAmount: 100 });
  await t.db.prisma.product.update({ where: { id: plain.key }, data: { taxClassId: keyOf(reduced.id) } });
  await t.db.prisma.product.update({ where: { id: food.key }, data: { taxClassId: null } });
  await setTaxRateOk(t, admin, standard, { country: "AU", rate: "20" });
  await setTaxRateOk(t, admin, reduced, { country: "AU", rate: "0" });
  dataOf(await updateShippingMethod(t, admin, { id: courier.id, name: "Courier Plus", price: "19.00" }));
  dataOf(await updateDiscountCode(t, admin, { id: code.id, active: false }));

  expect(dataOf(await readOrder(t, placed.id, customer.token)).order).toEqual(placed);

  // The changes took: the same cart today costs what the new prices, classes, rates and method say.
  const again = await cartWith(t, customer.token, lines);
  expectError(
    await applyDiscountCode(t, customer.token, { cartId: again.id, code: code.code }),
    "BAD_USER_INPUT",
    "code",
  );
  // 50.00 at 0 % + 1.00 at 20 %, Courier Plus 19.00 at 20 %.
  expect(await checkoutQuoteOk(t, customer.token, { cartId: again.id, country: "AU" })).toMatchObject({
    subtotal: usd("51.00"),
    discountCode: null,
    discountTotal: usd("0.00"),
    shipping: { method: { id: courier.id, name: "Courier Plus" }, price: usd("19.00") },
    taxTotal: usd("4.00"),
    total: usd("74.00"),
  });
});
