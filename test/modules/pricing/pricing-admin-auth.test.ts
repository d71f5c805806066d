import { DiscountCodesDocument, TaxClassesDocument } from "../../../client";
import { accountWithRoles, registerOk, staffAccount } from "../../helpers/accounts";
import {
  createDiscountCode,
  createDiscountCodeOk,
  createShippingMethod,
  createShippingZone,
  createShippingZoneOk,
  createShippingMethodOk,
  createTaxClass,
  createTaxClassOk,
  setTaxRate,
  uniqueCode,
  updateDiscountCode,
  updateShippingMethod,
} from "../../helpers/pricing";
import { errorCodes, useTestApp, type GraphQLResponse } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;
let admin: string;
let customer: string;
let codeId: string;
let zoneId: string;
let methodId: string;
let taxClassId: string;
const countries = ["AT", "BE", "CH", "DK", "ES", "FI", "IE", "IT"];

beforeAll(async () => {
  [staff, admin, customer] = [
    (await staffAccount(t)).token,
    (await accountWithRoles(t, ["ADMIN"])).token,
    (await registerOk(t)).token,
  ];
  codeId = (await createDiscountCodeOk(t, staff)).id;
  zoneId = (await createShippingZoneOk(t, staff, { name: "Guarded", countries: ["NL"] })).id;
  methodId = (await createShippingMethodOk(t, staff, { zoneId, name: "Guarded", price: "5" })).id;
  taxClassId = (await createTaxClassOk(t, admin, "Guarded")).id;
});

type Call = (token: string | undefined) => Promise<GraphQLResponse<unknown>>;
let sequence = 0;
const next = () => (sequence += 1);

/** Each operation, called as `token`; every call is valid input, so only the caller decides. */
const staffOperations: Record<string, Call> = {
  discountCodes: (token) => t.graphql(DiscountCodesDocument, {}, { token }),
  createDiscountCode: (token) =>
    createDiscountCode(t, token, { code: uniqueCode(), type: "FREE_SHIPPING", value: "0" }),
  updateDiscountCode: (token) => updateDiscountCode(t, token, { id: codeId, active: true }),
  createShippingZone: (token) =>
    createShippingZone(t, token, { name: "Zone", countries: [countries[next() % countries.length]!] }),
  createShippingMethod: (token) =>
    createShippingMethod(t, token, { zoneId, name: `Method ${next()}`, price: "1" }),
  updateShippingMethod: (token) => updateShippingMethod(t, token, { id: methodId, price: "6" }),
  taxClasses: (token) => t.graphql(TaxClassesDocument, {}, { token }),
};
const adminOperations: Record<string, Call> = {
  createTaxClass: (token) => createTaxClass(t, token, { name: `Class ${next()}` }),
  setTaxRate: (token) => setTaxRate(t, token, { taxClassId, country: "DE", rate: "19" }),
};

function refusesAnonymousAndCustomers(call: Call): void {
  test("anonymous: UNAUTHENTICATED, no data", async () => {
    const response = await call(undefined);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.data ?? null).toBeNull();
  });

  test("customer: FORBIDDEN, no data", async () => {
    const response = await call(customer);
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    expect(response.data ?? null).toBeNull();
  });
}

describe.each(Object.keys(staffOperations))("%s (STAFF/ADMIN)", (name) => {
  const call = (token: string | undefined) => staffOperations[name]!(token);
  refusesAnonymousAndCustomers(call);

  test.each([
    ["STAFF", () => staff],
    ["ADMIN", () => admin],
  ])("%s: allowed", async (_role, token) => {
    const response = await call(token());
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ [name]: expect.anything() });
  });
});

describe.each(Object.keys(adminOperations))("%s (ADMIN)", (name) => {
  const call = (token: string | undefined) => adminOperations[name]!(token);
  refusesAnonymousAndCustomers(call);

  test("STAFF: FORBIDDEN", async () => {
    expect(errorCodes(await call(staff))).toEqual(["FORBIDDEN"]);
  });

  test("ADMIN: allowed", async () => {
    const response = await call(admin);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ [name]: expect.any(Object) });
  });
});

test("refused calls change nothing", async () => {
  // Only the allowed calls above wrote: one code each for STAFF and ADMIN (plus the setup's).
  expect(await t.db.prisma.discountCode.count()).toBe(3);
  expect(await t.db.prisma.shippingZone.count()).toBe(3);
  expect(await t.db.prisma.shippingMethod.count()).toBe(3);
  expect(await t.db.prisma.taxClass.count()).toBe(2);
  expect(await t.db.prisma.taxRate.count()).toBe(1);
});
