import { templateVariable } from "./database-template";
import { startTestApp, type TestApp } from "./test-app";

/**
 * `startTestApp`, on a fresh database of its own on the PostgreSQL server at `serverUrl`
 * rather than the one the run is configured with: the test database helper takes its server
 * from `TEST_DATABASE_URL`, so that is what is pointed elsewhere while the app starts. The
 * run's migrated template lives elsewhere (another server, or a PGlite dump), so this
 * database starts empty and the app migrates it.
 */
export async function startTestAppOnServer(
  serverUrl: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const saved = { server: process.env.TEST_DATABASE_URL, template: process.env[templateVariable] };
  process.env.TEST_DATABASE_URL = serverUrl;
  delete process.env[templateVariable];
  try {
    return await startTestApp(env);
  } finally {
    restore("TEST_DATABASE_URL", saved.server);
    restore(templateVariable, saved.template);
  }
}

function restore(variable: string, value: string | undefined): void {
  if (value === undefined) delete process.env[variable];
  else process.env[variable] = value;
}
