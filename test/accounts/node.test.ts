import { randomUUID } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  addAddressOk,
  dataOf,
  expectError,
  expectRefusedToken,
  globalId,
  grantRoles,
  keyOf,
  node,
  registerOk,
  type Account,
  type AddressData,
} from "./account-flows";

let t: TestApp;
let alice: Account;
let bob: Account;
let staff: Account;
let admin: Account;
let aliceHome: AddressData;
let aliceWork: AddressData;
let bobHome: AddressData;

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob, staff, admin] = [
    await registerOk(t),
    await registerOk(t),
    await registerOk(t),
    await registerOk(t),
  ];
  await grantRoles(t, staff, ["STAFF"]);
  await grantRoles(t, admin, ["ADMIN"]);
  aliceHome = await addAddressOk(t, alice.token, { fullName: "Alice Home" });
  aliceWork = await addAddressOk(t, alice.token, {
    fullName: "Alice Work",
    city: "Manchester",
    postalCode: "M1 1AE",
  });
  bobHome = await addAddressOk(t, bob.token, {
    fullName: "Bob Home",
    country: "IE",
    postalCode: "D02 X285",
    city: "Dublin",
  });
});
afterAll(async () => {
  await t.close();
});

describe("node(id) for User", () => {
  test("the owner gets their own user, with addresses", async () => {
    const res = await node(t, alice.user.id, alice.token);
    expect(res).toEqual({
      status: 200,
      data: { node: { __typename: "User", ...alice.user, addresses: [aliceHome, aliceWork] } },
    });
  });

  test("another customer's user is null, exactly like one that does not exist", async () => {
    const foreign = await node(t, bob.user.id, alice.token);
    expect(foreign).toEqual({ status: 200, data: { node: null } });
    expect(await node(t, globalId("User", randomUUID()), alice.token)).toEqual(foreign);
  });

  test("a customer cannot see a staff member's user either", async () => {
    expect(dataOf(await node(t, staff.user.id, alice.token)).node).toBeNull();
  });

  test("anonymous callers see no users", async () => {
    expect(await node(t, alice.user.id)).toEqual({ status: 200, data: { node: null } });
  });

  test.each([
    ["STAFF", () => staff],
    ["ADMIN", () => admin],
  ])("%s sees any customer's user and addresses", async (_role, viewer) => {
    const res = await node(t, bob.user.id, viewer().token);
    expect(dataOf(res).node).toEqual({
      __typename: "User",
      ...bob.user,
      addresses: [bobHome],
    });
  });

  test("staff get null for a user that does not exist", async () => {
    expect(dataOf(await node(t, globalId("User", randomUUID()), staff.token)).node).toBeNull();
  });
});

describe("node(id) for Address", () => {
  test("the owner gets their address", async () => {
    const res = await node(t, aliceWork.id, alice.token);
    expect(res).toEqual({ status: 200, data: { node: { __typename: "Address", ...aliceWork } } });
  });

  test("another customer's address is null, exactly like one that does not exist", async () => {
    const foreign = await node(t, aliceHome.id, bob.token);
    expect(foreign).toEqual({ status: 200, data: { node: null } });
    expect(await node(t, globalId("Address", randomUUID()), bob.token)).toEqual(foreign);
  });

  test("anonymous callers see no addresses", async () => {
    expect(dataOf(await node(t, bobHome.id)).node).toBeNull();
  });

  test.each([
    ["STAFF", () => staff],
    ["ADMIN", () => admin],
  ])("%s sees any customer's address", async (_role, viewer) => {
    expect(dataOf(await node(t, bobHome.id, viewer().token)).node).toEqual({
      __typename: "Address",
      ...bobHome,
    });
  });

  test("a deleted address is null for its former owner", async () => {
    const temporary = await addAddressOk(t, bob.token, { fullName: "Gone Soon" });
    await t.db.prisma.address.delete({ where: { id: keyOf(temporary.id) } });
    expect(dataOf(await node(t, temporary.id, bob.token)).node).toBeNull();
  });

  test("the key is routed by type: a User key as an Address id is null", async () => {
    expect(dataOf(await node(t, globalId("Address", keyOf(alice.user.id)), alice.token)).node).toBeNull();
  });
});

describe("node(id) with an id that is not a global id", () => {
  test.each([
    ["not base64", "not an id!"],
    ["empty", ""],
    ["a raw uuid", randomUUID()],
    ["base64 of a bare uuid", Buffer.from(randomUUID()).toString("base64")],
    ["a key that is not a uuid", globalId("User", "1")],
    ["an unknown type", globalId("Spaceship", randomUUID())],
    ["a lower-case type name", globalId("user", randomUUID())],
    ["over 200 characters", "A".repeat(204)],
  ])("%s is BAD_USER_INPUT naming id", async (_label, id) => {
    const res = await node(t, id, alice.token);
    expectError(res, "BAD_USER_INPUT", "id");
    expect(res.errors?.[0]?.message).toBe("id is not a valid global id.");
    expect(res.data).toEqual({ node: null });
  });

  test("anonymous callers get the same BAD_USER_INPUT", async () => {
    expectError(await node(t, "garbage"), "BAD_USER_INPUT", "id");
  });

  test("a forged bearer token is refused before the id is looked at", async () => {
    expectRefusedToken(await node(t, alice.user.id, "Y".repeat(43)));
  });
});

describe("global ids", () => {
  test("are base64 of <Type>:<uuid> and round-trip through node(id)", async () => {
    const key = keyOf(alice.user.id);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(alice.user.id).toBe(globalId("User", key));
    const round = await t.graphql<{ node: { id: string } | null }>(
      "query ($id: ID!) { node(id: $id) { id } }",
      { id: aliceHome.id },
      { token: alice.token },
    );
    expect(round.data).toEqual({ node: { id: aliceHome.id } });
  });
});
