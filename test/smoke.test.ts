import { me, register } from "./helpers/accounts";
import { useTestApp } from "./helpers/test-app";

const t = useTestApp();

test("starts from the run's migrated template: the start-up migration finds nothing to apply", () => {
  expect(t.db.appliedMigrations).toEqual([]);
});

test("answers __typename", async () => {
  const res = await t.graphql("{ __typename }");
  expect(res.data).toEqual({ __typename: "Query" });
});

test("register then me", async () => {
  const reg = await register(t, { email: " Ada@Example.com ", password: "correct horse", name: "Ada" });
  expect(reg.errors).toBeUndefined();
  expect(await me(t, reg.data?.register.token)).toMatchObject({
    data: { me: { email: "ada@example.com", addresses: [] } },
  });
});
