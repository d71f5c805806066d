import type { Db } from "../../db/transactions";
import { badUserInput } from "../../graphql/errors";
import { discountOffSubtotal, makesShippingFree, type DiscountRule } from "../pricing/discount-rule";
import { priceOrder, type PricedOrder } from "../pricing/order-pricing";
import { quoteShipping } from "../pricing/shipping-rates";
import { rateAt, type RegionalRate } from "../pricing/tax";
import { shippingMethodOrder, shippingMethodSelect, type ShippingMethodRow } from "../shipping/shipping.type";

/** Where an order goes: what shipping and tax depend on. */
export interface Destination {
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
  region: string | null;
}

/** A cart line as pricing sees it. */
export interface LineToCheckOut {
  /** Unit price × quantity, minor units. */
  lineTotal: number;
  /** The product's tax class; null: the default class. */
  taxClassId: string | null;
}

export interface PriceRequest {
  lines: readonly LineToCheckOut[];
  /** The cart's code, when it applies. */
  discount: DiscountRule | null;
  destination: Destination;
  /** The chosen method's key; null: the zone's cheapest. */
  shippingMethodKey: string | null;
  pricesIncludeTax: boolean;
}

/** The input fields that errors about the destination and the method name. */
export interface PriceRequestFields {
  country: string;
  shippingMethodId: string;
}

export interface ShippingRateRow {
  method: ShippingMethodRow;
  /** This order's price for the method, minor units. */
  price: number;
}

export interface CheckoutPrice {
  order: PricedOrder;
  /** Every active method of the destination's zone, cheapest first. */
  shippingRates: ShippingRateRow[];
  /** The chosen (or cheapest) one. */
  shipping: ShippingRateRow;
}

/**
 * Prices a cart for a destination: the zone's methods and the tax rates are read (two
 * statements, however many lines), then the pure money rules decide. `checkoutQuote` and
 * `checkout` both call this, so a checkout that follows a quote with the same cart,
 * destination and method has exactly the quoted total.
 *
 * @throws BAD_USER_INPUT naming `fields.country` when no zone (or no active method of it)
 *   ships there, or `fields.shippingMethodId` when the method is not an active one of that zone.
 */
export async function priceCheckout(
  db: Db,
  request: PriceRequest,
  fields: PriceRequestFields,
): Promise<CheckoutPrice> {
  const { country, region } = request.destination;
  const [methods, taxRatesOf] = await Promise.all([
    methodsShippingTo(db, country, fields),
    taxRatesAt(db, request.lines, country, region),
  ]);
  const subtotal = request.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const shippingRates = quoteShipping(
    methods,
    subtotal - discountOffSubtotal(request.discount, subtotal),
    makesShippingFree(request.discount),
  );
  if (shippingRates.length === 0)
    throw badUserInput(`No active shipping method ships to ${country}.`, fields.country);
  const shipping =
    request.shippingMethodKey === null
      ? shippingRates[0]
      : shippingRates.find((rate) => rate.method.id === request.shippingMethodKey);
  if (!shipping)
    throw badUserInput(
      `${fields.shippingMethodId} is not an active shipping method of the zone that ships to ${country}.`,
      fields.shippingMethodId,
    );
  const order = priceOrder({
    lines: request.lines.map((line) => ({
      lineTotal: line.lineTotal,
      taxRateBasisPoints: taxRatesOf(line.taxClassId),
    })),
    discount: request.discount,
    shipping: { ...shipping.method, taxRateBasisPoints: taxRatesOf(null) },
    pricesIncludeTax: request.pricesIncludeTax,
  });
  return { order, shippingRates, shipping };
}

/** The methods of the zone that ships to `country`, cheapest first. */
async function methodsShippingTo(
  db: Db,
  country: string,
  fields: PriceRequestFields,
): Promise<ShippingMethodRow[]> {
  const served = await db.shippingZoneCountry.findUnique({
    where: { country },
    select: { zone: { select: { methods: { select: shippingMethodSelect, orderBy: shippingMethodOrder } } } },
  });
  if (!served) throw badUserInput(`The shop does not ship to ${country}.`, fields.country);
  return served.zone.methods;
}

/**
 * The rate at the destination of each tax class the lines use and of the default class
 * (products without a class, and shipping): one statement. A class without a rate for
 * the country, or no default class at all, taxes at 0.
 */
async function taxRatesAt(
  db: Db,
  lines: readonly LineToCheckOut[],
  country: string,
  region: string | null,
): Promise<(taxClassId: string | null) => number> {
  const classIds = [...new Set(lines.flatMap((line) => (line.taxClassId ? [line.taxClassId] : [])))];
  const classes = await db.taxClass.findMany({
    where: { OR: [{ isDefault: true }, { id: { in: classIds } }] },
    select: {
      id: true,
      isDefault: true,
      rates: { where: { country }, select: { country: true, region: true, rateBasisPoints: true } },
    },
  });
  const ratesByClass = new Map<string, RegionalRate[]>(classes.map((c) => [c.id, c.rates]));
  const defaultRates = classes.find((c) => c.isDefault)?.rates ?? [];
  return (taxClassId) =>
    rateAt(taxClassId === null ? defaultRates : (ratesByClass.get(taxClassId) ?? []), country, region);
}
