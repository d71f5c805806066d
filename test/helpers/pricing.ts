import {
  ApplyDiscountCodeDocument,
  CheckoutQuoteDocument,
  CreateDiscountCodeDocument,
  RemoveDiscountCodeDocument,
  CreateShippingMethodDocument,
  CreateShippingZoneDocument,
  CreateTaxClassDocument,
  SetTaxRateDocument,
  ShippingZonesDocument,
  UpdateDiscountCodeDocument,
  UpdateShippingMethodDocument,
  type CartFieldsFragment,
  type CheckoutQuoteInput,
  type CheckoutQuoteQuery,
  type CreateDiscountCodeInput,
  type RemoveDiscountCodeMutation,
  type CreateShippingMethodInput,
  type CreateShippingZoneInput,
  type DiscountCodeFieldsFragment,
  type ShippingMethodFieldsFragment,
  type ShippingZoneFieldsFragment,
  type TaxClassFieldsFragment,
} from "../../client";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";

/** Discount codes, shipping and taxes through the SDK's operations (client/operations/pricing.graphql). */

export const createDiscountCode = inputMutation(CreateDiscountCodeDocument);
export const updateDiscountCode = inputMutation(UpdateDiscountCodeDocument);
export const createShippingZone = inputMutation(CreateShippingZoneDocument);
export const createShippingMethod = inputMutation(CreateShippingMethodDocument);
export const updateShippingMethod = inputMutation(UpdateShippingMethodDocument);
export const createTaxClass = inputMutation(CreateTaxClassDocument);
export const setTaxRate = inputMutation(SetTaxRateDocument);
export const applyDiscountCode = inputMutation(ApplyDiscountCodeDocument);

export function removeDiscountCode(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  cartId: string,
): Promise<GraphQLResponse<RemoveDiscountCodeMutation>> {
  return t.graphql(RemoveDiscountCodeDocument, { cartId }, { token });
}

/** A query, but like the mutations its only variable is `input`. */
export const checkoutQuote = inputMutation(CheckoutQuoteDocument);

let sequence = 0;

/** A discount code no other test in this process uses. */
export function uniqueCode(prefix = "CODE"): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export async function createDiscountCodeOk(
  t: Pick<TestApp, "graphql">,
  token: string,
  overrides: Partial<CreateDiscountCodeInput> = {},
): Promise<DiscountCodeFieldsFragment> {
  const input = { code: uniqueCode(), type: "PERCENTAGE" as const, value: "10", ...overrides };
  return dataOf(await createDiscountCode(t, token, input)).createDiscountCode;
}

export async function createShippingZoneOk(
  t: Pick<TestApp, "graphql">,
  token: string,
  input: CreateShippingZoneInput,
): Promise<ShippingZoneFieldsFragment> {
  return dataOf(await createShippingZone(t, token, input)).createShippingZone;
}

export async function createShippingMethodOk(
  t: Pick<TestApp, "graphql">,
  token: string,
  input: CreateShippingMethodInput,
): Promise<ShippingMethodFieldsFragment> {
  return dataOf(await createShippingMethod(t, token, input)).createShippingMethod;
}

export async function createTaxClassOk(
  t: Pick<TestApp, "graphql">,
  token: string,
  name: string,
  isDefault = false,
): Promise<TaxClassFieldsFragment> {
  return dataOf(await createTaxClass(t, token, { name, isDefault })).createTaxClass;
}

export async function setTaxRateOk(
  t: Pick<TestApp, "graphql">,
  token: string,
  taxClass: { id: string },
  rate: { country: string; region?: string | null; rate: string },
): Promise<TaxClassFieldsFragment> {
  return dataOf(await setTaxRate(t, token, { taxClassId: taxClass.id, ...rate })).setTaxRate;
}

export async function applyDiscountCodeOk(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  cartId: string,
  code: string,
): Promise<CartFieldsFragment> {
  return dataOf(await applyDiscountCode(t, token, { cartId, code })).applyDiscountCode;
}

export type Quote = CheckoutQuoteQuery["checkoutQuote"];

export async function checkoutQuoteOk(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  input: CheckoutQuoteInput,
): Promise<Quote> {
  return dataOf(await checkoutQuote(t, token, input)).checkoutQuote;
}

/** The active method called `name` of the zone that ships to `country` (the test shop's zones included). */
export async function shippingMethodOf(
  t: Pick<TestApp, "graphql">,
  country: string,
  name: string,
): Promise<ShippingMethodFieldsFragment> {
  const zones = dataOf(await t.graphql(ShippingZonesDocument, {})).shippingZones;
  const method = zones.find((zone) => zone.countries.includes(country))?.methods.find((m) => m.name === name);
  if (!method) throw new Error(`no active method "${name}" ships to ${country}`);
  return method;
}

/**
 * The German rates the demo shop has: a default "Standard" class at 19 % and "Reduced" at
 * 7 % (test databases start without tax classes).
 */
export async function germanTaxClasses(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
): Promise<{ standard: TaxClassFieldsFragment; reduced: TaxClassFieldsFragment }> {
  const standard = await createTaxClassOk(t, adminToken, "Standard", true);
  const reduced = await createTaxClassOk(t, adminToken, "Reduced");
  return {
    standard: await setTaxRateOk(t, adminToken, standard, { country: "DE", rate: "19" }),
    reduced: await setTaxRateOk(t, adminToken, reduced, { country: "DE", rate: "7" }),
  };
}
