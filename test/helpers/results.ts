import type { GraphQLResponse } from "./graphql-client";

/** Throws with the GraphQL errors when a call that must succeed does not. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors || !response.data)
    throw new Error(`expected success, got ${response.status} ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Asserts exactly one error with `code` (and, when given, naming `field`). */
export function expectError(response: GraphQLResponse<unknown>, code: string, field?: string): void {
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  if (field !== undefined) expect(response.errors?.[0]?.extensions?.field).toBe(field);
}

/** A request whose bearer credentials were refused before execution: HTTP 401, no data. */
export function expectRefusedToken(response: GraphQLResponse<unknown>): void {
  expect(response.status).toBe(401);
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  expect(response.data ?? null).toBeNull();
}
