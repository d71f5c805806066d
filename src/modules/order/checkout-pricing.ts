import type { Db } from "../../db/transactions";
import { badUserInput } from "../../graphql/errors";
import { discountOffSubtotal, makesShippingFree, type DiscountRule } from "../pricing/discount-rule";
import { priceOrder, type PricedOrder } from "../pricing/order-pricing";
import { quoteShipping } from "../pricing/shipping-rates";
import { rateAt, type RegionalRate } from "../pricing/tax";
import type { ShippingMethodRow } from "../shipping/shipping.type";

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

/**
 * The methods of the zone that ships to `country` (one statement): no row at all means no
 * zone ships there; a zone without methods gives one row of nulls.
 */
async function methodsShippingTo(
  db: Db,
  country: string,
  fields: PriceRequestFields,
): Promise<ShippingMethodRow[]> {
  const rows = await db.$queryRaw<(ShippingMethodRow | { [K in keyof ShippingMethodRow]: null })[]>`
    SELECT m.id, m.zone_id AS "zoneId", m.name, m.price_amount AS "priceAmount",
           m.free_above_amount AS "freeAboveAmount", m.min_delivery_days AS "minDeliveryDays",
           m.max_delivery_days AS "maxDeliveryDays", m.active
    FROM shipping_zone_countries c LEFT JOIN shipping_methods m ON m.zone_id = c.zone_id
    WHERE c.country = ${country}`;
  if (rows.length === 0) throw badUserInput(`The shop does not ship to ${country}.`, fields.country);
  return rows.filter((row): row is ShippingMethodRow => row.id !== null);
}

/**
 * The rate at the destination of each tax class the lines use and of the default class
 * (products without a class, and shipping), in one statement. A class without a rate for
 * the country, or no default class at all, taxes at 0.
 */
async function taxRatesAt(
  db: Db,
  lines: readonly LineToCheckOut[],
  country: string,
  region: string | null,
): Promise<(taxClassId: string | null) => number> {
  const classIds = [...new Set(lines.flatMap((line) => (line.taxClassId ? [line.taxClassId] : [])))];
  const rows = await db.$queryRaw<
    { classId: string; isDefault: boolean; region: string | null; rateBasisPoints: number | null }[]
  >`
    SELECT tc.id AS "classId", tc.is_default AS "isDefault", r.region, r.rate_basis_points AS "rateBasisPoints"
    FROM tax_classes tc LEFT JOIN tax_rates r ON r.tax_class_id = tc.id AND r.country = ${country}
    WHERE tc.is_default OR tc.id = ANY(${classIds}::uuid[])`;
  const ratesByClass = new Map<string, RegionalRate[]>();
  let defaultClassId: string | null = null;
  for (const row of rows) {
    if (row.isDefault) defaultClassId = row.classId;
    const rates = ratesByClass.get(row.classId) ?? [];
    if (row.rateBasisPoints !== null)
      rates.push({ country, region: row.region, rateBasisPoints: row.rateBasisPoints });
    ratesByClass.set(row.classId, rates);
  }
  return (taxClassId) => {
    const classId = taxClassId ?? defaultClassId;
    return rateAt(classId === null ? [] : (ratesByClass.get(classId) ?? []), country, region);
  };
}
