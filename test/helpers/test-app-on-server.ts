import { startTestApp, type TestApp } from "./test-app";

/**
 * `startTestApp`, on a fresh database of its own on the PostgreSQL server at `serverUrl`
 * rather than the one the run is configured with: the test database helper takes its server
 * from `TEST_DATABASE_URL`, so that is what is pointed elsewhere while the app starts.
 */
export async function startTestAppOnServer(
  serverUrl: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const configured = process.env.TEST_DATABASE_URL;
  process.env.TEST_DATABASE_URL = serverUrl;
  try {
    return await startTestApp(env);
  } finally {
    if (configured === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = configured;
  }
}
