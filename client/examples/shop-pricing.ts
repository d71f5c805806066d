/**
 * The pricing steps of the example shop (shop.ts): a discount code on the cart, and the
 * shipping method chosen from what `checkoutQuote` offers for the address.
 */
import {
  ApplyDiscountCodeDocument,
  BazaarError,
  type AddressInput,
  type BazaarClient,
  CheckoutQuoteDocument,
  type CheckoutQuoteQuery,
} from "../index";

/**
 * Applies `code` to the cart. A code the shop refuses (unknown, ended, below its minimum…:
 * BAD_USER_INPUT naming `code`) is reported, and the shopper goes on without it.
 */
export async function applyCode(
  bazaar: BazaarClient,
  cartId: string,
  code: string | null,
  log: (line: string) => void,
): Promise<void> {
  if (code === null) return;
  try {
    const { applyDiscountCode: cart } = await bazaar.request(ApplyDiscountCodeDocument, {
      input: { cartId, code },
    });
    log(`applied ${cart.discountCode}: ${cart.discountTotal.amount} off ${cart.subtotal.amount}`);
  } catch (error) {
    const refused =
      error instanceof BazaarError && error.code === "BAD_USER_INPUT" && error.extensions["field"] === "code";
    if (!refused) throw error;
    log(`code ${code} not applied: ${error.message}`);
  }
}

type Quote = CheckoutQuoteQuery["checkoutQuote"];
type ShippingRate = Quote["shippingRates"][number];

/**
 * Quotes every method that ships to the address at this cart's price, picks the fastest
 * (the cheapest of equally fast ones: the rates come cheapest first) and returns the quote
 * for it, which is what checkout will charge.
 */
export async function chooseShipping(
  bazaar: BazaarClient,
  cartId: string,
  address: Pick<AddressInput, "country" | "region">,
  log: (line: string) => void,
): Promise<Quote> {
  const destination = { cartId, country: address.country, region: address.region ?? null };
  const { checkoutQuote: offer } = await bazaar.request(CheckoutQuoteDocument, { input: destination });
  const where = address.region ? `${address.country}-${address.region}` : address.country;
  log(`shipping to ${where}: ${offer.shippingRates.map(rateText).join(", ")}`);
  const slowness = (rate: ShippingRate): number => rate.method.maxDeliveryDays ?? Number.MAX_SAFE_INTEGER;
  const fastest = [...offer.shippingRates].sort((a, b) => slowness(a) - slowness(b))[0]!;
  const { checkoutQuote: quote } = await bazaar.request(CheckoutQuoteDocument, {
    input: { ...destination, shippingMethodId: fastest.method.id },
  });
  const shipping = { shippingMethod: quote.shipping.method.name, shippingTotal: quote.shipping.price };
  log(`chose ${fastest.method.name}, quoted ${totals({ ...quote, ...shipping })}`);
  return quote;
}

function rateText({ method, price }: ShippingRate): string {
  const days = method.maxDeliveryDays
    ? ` (${method.minDeliveryDays ?? 1}–${method.maxDeliveryDays} days)`
    : "";
  return `${method.name} ${price.amount}${days}`;
}

/** An order's (or a quote's) money on one line. */
export function totals(order: {
  subtotal: { amount: string };
  discountCode?: string | null;
  discountTotal: { amount: string };
  shippingMethod: string;
  shippingTotal: { amount: string };
  taxTotal: { amount: string };
  total: { amount: string; currencyCode: string };
}): string {
  const discount = order.discountCode ? `, ${order.discountCode} −${order.discountTotal.amount}` : "";
  return (
    `subtotal ${order.subtotal.amount}${discount}, shipping ${order.shippingMethod} ${order.shippingTotal.amount}, ` +
    `tax ${order.taxTotal.amount}, total ${order.total.amount} ${order.total.currencyCode}`
  );
}
