import { errorCodes, type GraphQLResponse } from "./test-app";

/** A role-guarded operation called as `token` (anonymous when absent), with otherwise valid input. */
export type CallAs = (token: string | undefined) => Promise<GraphQLResponse<unknown>>;

export interface RoleTokens {
  staff: string;
  admin: string;
  customer: string;
}

function refusesAnonymousAndCustomers(call: CallAs, tokens: () => RoleTokens): void {
  test("anonymous: UNAUTHENTICATED, no data", async () => {
    const response = await call(undefined);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.data ?? null).toBeNull();
  });

  test("customer: FORBIDDEN, no data", async () => {
    const response = await call(tokens().customer);
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    expect(response.data ?? null).toBeNull();
  });
}

function allows(name: string, call: CallAs, token: () => string): Promise<void> {
  return call(token()).then((response) => {
    expect(response.errors).toBeUndefined();
    // Any answer but null: an object, or the `true` of a Boolean mutation such as a delete.
    expect(response.data).toEqual({ [name]: expect.anything() });
  });
}

/**
 * A block per operation (named by its root field): anonymous callers are UNAUTHENTICATED,
 * customers FORBIDDEN, neither gets data; STAFF and ADMIN get their answer. `tokens` is
 * read when the tests run.
 */
export function describeStaffOperations(operations: Record<string, CallAs>, tokens: () => RoleTokens): void {
  describe.each(Object.keys(operations))("%s (STAFF/ADMIN)", (name) => {
    refusesAnonymousAndCustomers(operations[name]!, tokens);
    test("STAFF: allowed", () => allows(name, operations[name]!, () => tokens().staff));
    test("ADMIN: allowed", () => allows(name, operations[name]!, () => tokens().admin));
  });
}

/** As `describeStaffOperations`, for operations only ADMIN may call: STAFF is FORBIDDEN too. */
export function describeAdminOperations(operations: Record<string, CallAs>, tokens: () => RoleTokens): void {
  describe.each(Object.keys(operations))("%s (ADMIN)", (name) => {
    refusesAnonymousAndCustomers(operations[name]!, tokens);
    test("STAFF: FORBIDDEN", async () => {
      expect(errorCodes(await operations[name]!(tokens().staff))).toEqual(["FORBIDDEN"]);
    });
    test("ADMIN: allowed", () => allows(name, operations[name]!, () => tokens().admin));
  });
}
