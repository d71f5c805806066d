import { createLogger } from "../../logger";
import { seedDemoShop } from "../seed/demo-shop";
import { openConfiguredDatabase } from "./open-configured-database";

/** `npm run db:seed`: seeds the demo shop into an empty database (a no-op otherwise). */
async function main(): Promise<void> {
  const { config, db } = await openConfiguredDatabase("db:seed");
  try {
    const outcome = await seedDemoShop(db.prisma, createLogger(config), config.currencyCode);
    console.log(outcome === "seeded" ? "Demo shop seeded." : "The database already has data; nothing seeded.");
  } finally {
    await db.close();
  }
}

void main();
