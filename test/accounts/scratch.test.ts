import { startTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  const s = Date.now();
  t = await startTestApp();
  console.log("start ms", Date.now() - s);
});
afterAll(async () => {
  await t.close();
});

test("probe", async () => {
  const out: unknown[] = [];
  out.push(await t.graphql("{ me { id } }", {}, { headers: { authorization: "Bearer abc" } }));
  out.push(await t.graphql("{ me { id } }", {}, { headers: { authorization: "Bearer " + "a".repeat(43) } }));
  out.push(await t.graphql("mutation { logout }"));
  const reg = await t.graphql("mutation($i: RegisterInput!) { register(input: $i) { token user { id email } } }", { i: { email: "a@b.co", password: "short", name: " " } });
  out.push(reg);
  const reg2 = await t.graphql("mutation($i: RegisterInput!) { register(input: $i) { token user { id email } } }", { i: { email: "a@b.co", password: "longenough", name: "A" } });
  const reg3 = await t.graphql("mutation($i: RegisterInput!) { register(input: $i) { token user { id email } } }", { i: { email: "Ａ@b.co", password: "longenough", name: "A" } });
  out.push(reg2, reg3);
  out.push(await t.graphql("mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) }", { i: { email: "a@b.co" } }));
  out.push(t.logs.filter((l) => "mail" in l));
  out.push(await t.graphql("{ node(id: \"abc\") { id } }"));
  out.push(await t.graphql("mutation { addAddress(input: {fullName: \"x\", line1: \"y\", city: \"c\", postalCode: \"1\", country: \"XX\"}) { id } }", {}, { token: (reg2.data as { register: { token: string } }).register.token }));
  console.log(JSON.stringify(out, null, 1));
  console.log(JSON.stringify(t.logs.slice(-6)));
});
