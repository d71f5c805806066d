import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

test("a persisted-query hash that does not match its text is BAD_USER_INPUT, not an internal error", async () => {
  const response = await fetch(`${t.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "{ __typename }",
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    }),
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors).toEqual([
    expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
  ]);
});
