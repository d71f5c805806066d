import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";

/** Runs one request and returns its data with the number of SQL statements the app sent meanwhile. */
export async function measured<T>(
  t: TestApp,
  request: () => Promise<GraphQLResponse<T>>,
): Promise<{ data: T; statements: number }> {
  const before = t.db.statements.count;
  const response = await request();
  const statements = t.db.statements.count - before;
  return { data: dataOf(response), statements };
}
