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
 * Prices a cart for a destination: the zone's methods and the tax rates are read (one
 * statement, however many lines), then the pure money rules decide. `checkoutQuote` and
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
  const terms = await pricingTermsAt(db, request.lines, country);
  const methods = zoneMethods(terms.methods, country, fields);
  const taxRatesOf = taxRatesByClass(terms.taxRates ?? [], country, region);
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

type MethodOrNone = ShippingMethodRow | { [K in keyof ShippingMethodRow]: null };

interface TaxRateRow {
  classId: string;
  isDefault: boolean;
  region: string | null;
  rateBasisPoints: number | null;
}

/**
 * What pricing for `country` depends on, in ONE statement: the methods of the zone that
 * ships there (null: no zone does; a zone without methods gives one method of nulls), and
 * the rates there of each tax class the lines use and of the default class (products
 * without a class, and shipping).
 */
async function pricingTermsAt(
  db: Db,
  lines: readonly LineToCheckOut[],
  country: string,
): Promise<{ methods: MethodOrNone[] | null; taxRates: TaxRateRow[] | null }> {
  const classIds = [...new Set(lines.flatMap((line) => (line.taxClassId ? [line.taxClassId] : [])))];
  const [terms] = await db.$queryRaw<{ methods: MethodOrNone[] | null; taxRates: TaxRateRow[] | null }[]>`
    SELECT
      (SELECT json_agg(json_build_object(
                'id', m.id, 'zoneId', m.zone_id, 'name', m.name, 'priceAmount', m.price_amount,
                'freeAboveAmount', m.free_above_amount, 'minDeliveryDays', m.min_delivery_days,
                'maxDeliveryDays', m.max_delivery_days, 'active', m.active))
       FROM shipping_zone_countries c LEFT JOIN shipping_methods m ON m.zone_id = c.zone_id
       WHERE c.country = ${country}) AS methods,
      (SELECT json_agg(json_build_object(
                'classId', tc.id, 'isDefault', tc.is_default, 'region', r.region,
                'rateBasisPoints', r.rate_basis_points))
       FROM tax_classes tc LEFT JOIN tax_rates r ON r.tax_class_id = tc.id AND r.country = ${country}
       WHERE tc.is_default OR tc.id = ANY(${classIds}::uuid[])) AS "taxRates"`;
  return terms!;
}

/** The zone's methods. @throws BAD_USER_INPUT naming `fields.country` when no zone ships to `country`. */
function zoneMethods(
  methods: MethodOrNone[] | null,
  country: string,
  fields: PriceRequestFields,
): ShippingMethodRow[] {
  if (methods === null) throw badUserInput(`The shop does not ship to ${country}.`, fields.country);
  return methods.filter((method): method is ShippingMethodRow => method.id !== null);
}

/** The rate of a tax class (null: the default class) at the destination; 0 for a class without one there. */
function taxRatesByClass(
  rows: readonly TaxRateRow[],
  country: string,
  region: string | null,
): (taxClassId: string | null) => number {
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
