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
import { describeAdminOperations, describeStaffOperations, type CallAs } from "../../helpers/authorization";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;
let admin: string;
let customer: string;
let codeId: string;
let zoneId: string;
let methodId: string;
let taxClassId: string;
const countries = ["AU", "NZ", "JP", "KR", "SG", "MX", "BR", "ZA"];

/** The test shop's zones and methods, there before this file wrote any. */
let shopZones: number;
let shopMethods: number;

beforeAll(async () => {
  shopZones = await t.db.prisma.shippingZone.count();
  shopMethods = await t.db.prisma.shippingMethod.count();
  [staff, admin, customer] = [
    (await staffAccount(t)).token,
    (await accountWithRoles(t, ["ADMIN"])).token,
    (await registerOk(t)).token,
  ];
  codeId = (await createDiscountCodeOk(t, staff)).id;
  zoneId = (await createShippingZoneOk(t, staff, { name: "Guarded", countries: ["IS"] })).id;
  methodId = (await createShippingMethodOk(t, staff, { zoneId, name: "Guarded", price: "5" })).id;
  taxClassId = (await createTaxClassOk(t, admin, "Guarded")).id;
});

let sequence = 0;
const next = () => (sequence += 1);

/** Each operation, called as `token`; every call is valid input, so only the caller decides. */
const staffOperations: Record<string, CallAs> = {
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
const adminOperations: Record<string, CallAs> = {
  createTaxClass: (token) => createTaxClass(t, token, { name: `Class ${next()}` }),
  setTaxRate: (token) => setTaxRate(t, token, { taxClassId, country: "DE", rate: "19" }),
};

describeStaffOperations(staffOperations, () => ({ staff, admin, customer }));
describeAdminOperations(adminOperations, () => ({ staff, admin, customer }));

test("refused calls change nothing", async () => {
  // Only the allowed calls above wrote: one code each for STAFF and ADMIN (plus the setup's).
  expect(await t.db.prisma.discountCode.count()).toBe(3);
  expect(await t.db.prisma.shippingZone.count()).toBe(shopZones + 3);
  expect(await t.db.prisma.shippingMethod.count()).toBe(shopMethods + 3);
  expect(await t.db.prisma.taxClass.count()).toBe(2);
  expect(await t.db.prisma.taxRate.count()).toBe(1);
});
