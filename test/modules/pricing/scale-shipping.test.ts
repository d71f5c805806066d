import { ShippingZonesDocument } from "../../../client";
import { seedScaleCatalog } from "../../../src/db/seed/scale/scale-seed";
import { dataOf } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
const shipping = { flatRateAmount: 499, freeThresholdAmount: 5000 };
const quiet = { write: () => true };

const seed = () => seedScaleCatalog(t.db.pool, { products: 20, concurrency: 1, progress: quiet, shipping });

test("the scale seed gives a database without zones the demo shop's; a second run keeps them", async () => {
  // Test databases start with these very zones: take them away to see the seed add them.
  await t.db.prisma.shippingZone.deleteMany();
  expect((await seed()).shippingZones).toBe(4);
  const zones = dataOf(await t.graphql(ShippingZonesDocument, {})).shippingZones;
  expect(zones.flatMap((zone) => zone.countries)).toEqual(
    expect.arrayContaining(["US", "CA", "GB", "DE", "FR"]),
  );
  for (const zone of zones) {
    expect(zone.methods.map((m) => [m.name, m.price.amount, m.freeAbove?.amount ?? null])).toEqual([
      ["Standard", "4.99", "50.00"],
      ["Express", "14.99", null],
    ]);
  }

  expect((await seed()).shippingZones).toBe(0);
  expect(await t.db.prisma.shippingZone.count()).toBe(4);
});
