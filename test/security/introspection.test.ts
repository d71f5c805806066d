import { getIntrospectionQuery } from "graphql";
import { errorCodes, useTestApp } from "../helpers/test-app";

describe("introspection in development", () => {
  const t = useTestApp();

  test("the standard introspection query (nested ~15 deep) passes the depth limit", async () => {
    const response = await t.graphql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(response.errors).toBeUndefined();
    expect(response.data?.__schema.queryType.name).toBe("Query");
  });

  test("depth is still counted for ordinary fields around introspection", async () => {
    const deep = `{ __typename categories { ${"children { ".repeat(12)}name${" }".repeat(12)} } }`;
    const response = await t.graphql(deep);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["QUERY_TOO_COMPLEX"]);
  });
});

describe("introspection switched off (the production default)", () => {
  const t = useTestApp({ BAZAAR_INTROSPECTION: "false" });

  test("is refused", async () => {
    const response = await t.graphql("{ __schema { queryType { name } } }");
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
