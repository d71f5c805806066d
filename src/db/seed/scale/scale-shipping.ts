import type pg from "pg";
import type { DemoShippingRates } from "../demo-pricing";
import { composeShipping } from "../demo-pricing";
import { createRandom } from "../random";

/** The zones' and methods' ids: fixed, like the demo shop's (a stream of their own). */
const idSeed = 0x5ca1e5;

/**
 * Gives a database without shipping zones the demo shop's zones and methods (US, CA, GB
 * and eight EU countries, each with Standard and Express): checkout needs a zone for the
 * destination country, and a scale-seeded shop should be one that can sell. A database
 * with any zone (the demo shop's, or ones staff set up) keeps its own.
 * @returns the number of zones added
 */
export async function ensureShippingZones(
  client: pg.ClientBase,
  shipping: DemoShippingRates,
  now: Date,
): Promise<number> {
  const { shippingZones, shippingZoneCountries, shippingMethods } = composeShipping(
    createRandom(idSeed),
    now,
    shipping,
  );
  await client.query("BEGIN");
  try {
    // Two seeds at once must not both find no zone: the second waits, then sees the first's.
    await client.query("LOCK TABLE shipping_zones IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<{ present: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM shipping_zones) AS present",
    );
    if (rows[0]?.present) {
      await client.query("COMMIT");
      return 0;
    }
    await client.query(
      `INSERT INTO shipping_zones (id, name, created_at)
       SELECT id, name, "createdAt" FROM jsonb_to_recordset($1::jsonb) AS z(id uuid, name text, "createdAt" timestamptz)`,
      [JSON.stringify(shippingZones)],
    );
    await client.query(
      `INSERT INTO shipping_zone_countries (country, zone_id)
       SELECT country, "zoneId" FROM jsonb_to_recordset($1::jsonb) AS c(country text, "zoneId" uuid)`,
      [JSON.stringify(shippingZoneCountries)],
    );
    await client.query(
      `INSERT INTO shipping_methods (id, zone_id, name, price_amount, free_above_amount, min_delivery_days,
                                     max_delivery_days, created_at, updated_at)
       SELECT id, "zoneId", name, "priceAmount", "freeAboveAmount", "minDeliveryDays", "maxDeliveryDays", $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, "zoneId" uuid, name text, "priceAmount" int,
            "freeAboveAmount" int, "minDeliveryDays" int, "maxDeliveryDays" int)`,
      [JSON.stringify(shippingMethods), now],
    );
    await client.query("COMMIT");
    return shippingZones.length;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
