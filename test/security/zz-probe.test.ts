import { startTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });
test("probe", async () => {
  await t.graphql(`query ($s: String) { product(slug: $s) { id } }`, { s: "a\u0000b" });
  await t.graphql(`mutation ($i: LoginInput!) { login(input: $i) { token } }`, { i: { email: `a\u0000@example.com`, password: "yyyyyyyyyy" } });
  for (const l of t.logs.filter((x) => x.level >= 50)) process.stdout.write(JSON.stringify(l).slice(0, 1500) + "\n");
});
