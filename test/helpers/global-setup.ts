import { createTemplate, templateVariable } from "./database-template";

/** jest `globalSetup`: the run's migrated template database, before any worker starts. */
export default async function globalSetup(): Promise<void> {
  process.env[templateVariable] = await createTemplate(process.env.TEST_DATABASE_URL);
}
