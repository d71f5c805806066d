import pg from "pg";
import { loadConfig } from "../../src/config";
import { ensureShippingZones } from "../../src/db/seed/scale/scale-shipping";

/**
 * Every test database starts with the demo shop's shipping zones (US, CA, GB and eight EU
 * countries; "Standard" at the default flat rate, free from the default threshold, and
 * "Express") and no tax classes. Checkouts to those countries work without set-up and
 * cost what they always did (4.99 shipping under 50.00, no tax); tests of zones, methods
 * and taxes make their own, for other countries.
 */
export async function seedTestShipping(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await ensureShippingZones(client, loadConfig({ NODE_ENV: "test" }).shipping, new Date());
  } finally {
    await client.end();
  }
}
