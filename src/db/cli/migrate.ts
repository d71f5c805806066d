import { openConfiguredDatabase } from "./open-configured-database";

/** `npm run db:migrate`: applies pending migrations (the server also does at start-up). */
async function main(): Promise<void> {
  const { db } = await openConfiguredDatabase("db:migrate");
  const applied = db.appliedMigrations;
  console.log(applied.length === 0 ? "Database is up to date." : `Applied: ${applied.join(", ")}`);
  await db.close();
}

void main();
