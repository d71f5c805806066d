export interface ShippingOption {
  id: string;
  name: string;
  /** Minor units. */
  priceAmount: number;
  /** Free when the discounted subtotal reaches this (minor units); null: never free. */
  freeAboveAmount: number | null;
  active: boolean;
}

/** What `method` costs for an order whose subtotal after discount is `discountedSubtotal`. */
export function shippingPrice(
  method: Pick<ShippingOption, "priceAmount" | "freeAboveAmount">,
  discountedSubtotal: number,
  freeShipping: boolean,
): number {
  if (freeShipping) return 0;
  if (method.freeAboveAmount !== null && discountedSubtotal >= method.freeAboveAmount) return 0;
  return method.priceAmount;
}

/**
 * Every active method with its price for this order, cheapest first; among equal prices (all
 * free with a free-shipping code, say) the one with the lower list price first, as the one
 * cheaper to ship, then by name, then id.
 */
export function quoteShipping<M extends ShippingOption>(
  methods: readonly M[],
  discountedSubtotal: number,
  freeShipping: boolean,
): { method: M; price: number }[] {
  return methods
    .filter((method) => method.active)
    .map((method) => ({ method, price: shippingPrice(method, discountedSubtotal, freeShipping) }))
    .sort(
      (a, b) =>
        a.price - b.price ||
        a.method.priceAmount - b.method.priceAmount ||
        a.method.name.localeCompare(b.method.name) ||
        a.method.id.localeCompare(b.method.id),
    );
}
