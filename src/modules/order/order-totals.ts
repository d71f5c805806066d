export interface ShippingRates {
  /** Charged per order, in minor units. */
  flatRateAmount: number;
  /** Subtotal (minor units) from which shipping is free. */
  freeThresholdAmount: number;
}

export interface OrderTotals {
  subtotal: number;
  shipping: number;
  total: number;
}

/** An order's money, from its line totals (minor units). Pure, so it is tested on its own. */
export function orderTotals(lineTotals: number[], rates: ShippingRates): OrderTotals {
  const subtotal = lineTotals.reduce((sum, amount) => sum + amount, 0);
  const shipping = subtotal >= rates.freeThresholdAmount ? 0 : rates.flatRateAmount;
  return { subtotal, shipping, total: subtotal + shipping };
}
