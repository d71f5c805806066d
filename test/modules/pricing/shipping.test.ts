import { ShippingZonesDocument } from "../../../client";
import { registerOk, staffAccount } from "../../helpers/accounts";
import { globalId } from "../../helpers/ids";
import { readNode } from "../../helpers/node";
import {
  createShippingMethod,
  createShippingMethodOk,
  createShippingZone,
  createShippingZoneOk,
  updateShippingMethod,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;
const unknownZone = globalId("ShippingZone", "00000000-0000-4000-8000-000000000000");

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
});

async function zonesAs(token?: string) {
  return dataOf(await t.graphql(ShippingZonesDocument, {}, { token })).shippingZones;
}

describe("createShippingZone and createShippingMethod", () => {
  test("a zone with its countries (upper-cased, deduplicated) and methods, cheapest first", async () => {
    const zone = await createShippingZoneOk(t, staff, { name: " Europe ", countries: ["pl", "CZ", "pl"] });
    expect(zone).toEqual({ id: expect.any(String), name: "Europe", countries: ["CZ", "PL"], methods: [] });
    const express = await createShippingMethodOk(t, staff, {
      zoneId: zone.id,
      name: "Express",
      price: "14.99",
      minDeliveryDays: 1,
      maxDeliveryDays: 2,
    });
    const standard = await createShippingMethodOk(t, staff, {
      zoneId: zone.id,
      name: "Standard",
      price: "4.99",
      freeAbove: "50",
    });
    expect(standard).toEqual({
      id: expect.any(String),
      name: "Standard",
      price: { amount: "4.99", currencyCode: "USD" },
      freeAbove: { amount: "50.00", currencyCode: "USD" },
      minDeliveryDays: null,
      maxDeliveryDays: null,
      active: true,
    });
    const listed = (await zonesAs()).find((z) => z.id === zone.id);
    expect(listed?.methods.map((m) => m.id)).toEqual([standard.id, express.id]);
    expect(await readNode(t, zone.id)).toEqual({ id: zone.id });
    expect(await readNode(t, express.id)).toEqual({ id: express.id });
  });

  test("a country already in another zone is a CONFLICT naming it and its zone", async () => {
    await createShippingZoneOk(t, staff, { name: "Baltics", countries: ["LT", "LV"] });
    const response = await createShippingZone(t, staff, { name: "North-east", countries: ["EE", "LV"] });
    expectError(response, "CONFLICT", "countries");
    expect(response.errors?.[0]?.message).toBe('LV already ships through the zone "Baltics".');
    expect(await t.db.prisma.shippingZoneCountry.count({ where: { country: "EE" } })).toBe(0);
  });

  test("two staff claiming the same country at once: one wins, the other is a CONFLICT", async () => {
    const other = (await staffAccount(t)).token;
    const responses = await Promise.all([
      createShippingZone(t, staff, { name: "North", countries: ["NO", "SE"] }),
      createShippingZone(t, other, { name: "Nordics", countries: ["SE", "FI"] }),
    ]);
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
    expect(await t.db.prisma.shippingZoneCountry.count({ where: { country: "SE" } })).toBe(1);
    expect(await t.db.prisma.shippingZone.count({ where: { name: { in: ["North", "Nordics"] } } })).toBe(1);
  });

  test.each([
    ["a made-up country code", { name: "Nowhere", countries: ["XX"] }, "countries"],
    ["a three-letter code", { name: "Nowhere", countries: ["DEU"] }, "countries"],
    ["no countries", { name: "Nowhere", countries: [] }, "countries"],
    ["a blank name", { name: "  ", countries: ["PT"] }, "name"],
  ])("zone with %s: BAD_USER_INPUT naming %s", async (_label, input, field) => {
    expectError(await createShippingZone(t, staff, input), "BAD_USER_INPUT", field);
  });

  test("two methods of a zone may not share a name (CONFLICT); another zone may use it", async () => {
    const zone = await createShippingZoneOk(t, staff, { name: "Iberia", countries: ["PT", "AD"] });
    await createShippingMethodOk(t, staff, { zoneId: zone.id, name: "Standard", price: "3" });
    expectError(
      await createShippingMethod(t, staff, { zoneId: zone.id, name: "Standard", price: "4" }),
      "CONFLICT",
      "name",
    );
  });

  test.each([
    ["a negative price", { price: "-1" }, "price"],
    ["a price with 3 decimals", { price: "1.999" }, "price"],
    ["a negative free threshold", { price: "1", freeAbove: "-5" }, "freeAbove"],
    ["negative delivery days", { price: "1", minDeliveryDays: -1 }, "minDeliveryDays"],
    ["max days below min days", { price: "1", minDeliveryDays: 5, maxDeliveryDays: 2 }, "maxDeliveryDays"],
    ["an unknown zone", { price: "1", zoneId: unknownZone }, "zoneId"],
    ["a malformed zone id", { price: "1", zoneId: "nope" }, "zoneId"],
  ])("method with %s: BAD_USER_INPUT naming %s", async (_label, fields, field) => {
    const zone = await createShippingZoneOk(t, staff, { name: "Bad input", countries: [nextCountry()] });
    expectError(
      await createShippingMethod(t, staff, { zoneId: zone.id, name: "Method", ...fields }),
      "BAD_USER_INPUT",
      field,
    );
  });
});

const spareCountries = ["SK", "HU", "RO", "BG", "GR", "HR", "SI", "MT", "CY", "RS", "AL", "MK"];
function nextCountry(): string {
  return spareCountries.shift()!;
}

describe("updateShippingMethod", () => {
  test("renames, reprices, clears the threshold and deactivates; only staff see it then", async () => {
    const zone = await createShippingZoneOk(t, staff, { name: "Benelux", countries: ["LU"] });
    const method = await createShippingMethodOk(t, staff, {
      zoneId: zone.id,
      name: "Post",
      price: "5",
      freeAbove: "40",
    });
    const updated = dataOf(
      await updateShippingMethod(t, staff, { id: method.id, name: "Parcel", price: "6.50", freeAbove: null }),
    ).updateShippingMethod;
    expect(updated).toMatchObject({
      name: "Parcel",
      price: { amount: "6.50" },
      freeAbove: null,
      active: true,
    });
    dataOf(await updateShippingMethod(t, staff, { id: method.id, active: false }));
    const methodsFor = async (token?: string) =>
      (await zonesAs(token)).find((z) => z.id === zone.id)!.methods;
    expect(await methodsFor()).toEqual([]);
    expect(await methodsFor((await registerOk(t)).token)).toEqual([]);
    expect((await methodsFor(staff)).map((m) => [m.name, m.active])).toEqual([["Parcel", false]]);
    expect(await readNode(t, method.id)).toBeNull();
    expect(await readNode(t, method.id, staff)).toEqual({ id: method.id });
  });

  test("renaming onto a sibling's name is a CONFLICT; keeping its own name is fine", async () => {
    const zone = await createShippingZoneOk(t, staff, { name: "Alps", countries: ["CH", "LI"] });
    await createShippingMethodOk(t, staff, { zoneId: zone.id, name: "Standard", price: "5" });
    const express = await createShippingMethodOk(t, staff, { zoneId: zone.id, name: "Express", price: "15" });
    expectError(
      await updateShippingMethod(t, staff, { id: express.id, name: "Standard" }),
      "CONFLICT",
      "name",
    );
    expect(
      dataOf(await updateShippingMethod(t, staff, { id: express.id, name: "Express" })).updateShippingMethod
        .name,
    ).toBe("Express");
  });

  test("an unknown method is NOT_FOUND; bad amounts BAD_USER_INPUT naming them", async () => {
    expectError(
      await updateShippingMethod(t, staff, {
        id: globalId("ShippingMethod", "00000000-0000-4000-8000-000000000000"),
      }),
      "NOT_FOUND",
    );
    const zone = await createShippingZoneOk(t, staff, { name: "Baltics", countries: [nextCountry()] });
    const method = await createShippingMethodOk(t, staff, { zoneId: zone.id, name: "Post", price: "5" });
    expectError(
      await updateShippingMethod(t, staff, { id: method.id, price: "-1" }),
      "BAD_USER_INPUT",
      "price",
    );
    expectError(await updateShippingMethod(t, staff, { id: method.id, freeAbove: "x" }), "BAD_USER_INPUT");
  });
});

test("shippingZones costs the same statements for 1 zone or many (countries and methods batched)", async () => {
  const count = async () => (await measured(t, () => t.graphql(ShippingZonesDocument, {}))).statements;
  const before = await count();
  for (let i = 0; i < 3; i += 1) {
    const zone = await createShippingZoneOk(t, staff, { name: `Batch ${i}`, countries: [nextCountry()] });
    await createShippingMethodOk(t, staff, { zoneId: zone.id, name: "Standard", price: "5" });
  }
  expect(await count()).toBe(before);
  expect(before).toBeLessThanOrEqual(3);
});
