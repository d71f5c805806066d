import { dropTemplate, templateVariable } from "./database-template";

/** jest `globalTeardown`: removes the run's template (global setup ran in this same process). */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[templateVariable];
  if (template !== undefined) await dropTemplate(process.env.TEST_DATABASE_URL, template);
}
