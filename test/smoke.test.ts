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
  const reg = await t.graphql<{ register: { token: string; user: { email: string } } }>(
    `mutation($input: RegisterInput!) { register(input: $input) { token user { id email name roles } } }`,
    { input: { email: " Ada@Example.com ", password: "correct horse", name: "Ada" } },
  );
  expect(reg.errors).toBeUndefined();
  const me = await t.graphql(`{ me { email addresses { id } } }`, {}, { token: reg.data!.register.token });
  expect(me).toMatchObject({ data: { me: { email: "ada@example.com", addresses: [] } } });
});
