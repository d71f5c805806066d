import { randomUUID } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  addAddress,
  addAddressOk,
  addressFields,
  dataOf,
  deleteAddress,
  expectError,
  expectRefusedToken,
  globalId,
  keyOf,
  registerOk,
  validAddress,
  type Account,
  type AddressData,
} from "./account-flows";

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await startTestApp();
  [owner, stranger] = [await registerOk(t), await registerOk(t)];
});
afterAll(async () => {
  await t.close();
});

async function myAddresses(token: string): Promise<AddressData[]> {
  const res = await t.graphql<{ me: { addresses: AddressData[] } }>(
    `{ me { addresses { ${addressFields} } } }`,
    {},
    { token },
  );
  return dataOf(res).me.addresses;
}

async function addressCount(account: Account): Promise<number> {
  return t.db.prisma.address.count({ where: { userId: keyOf(account.user.id) } });
}

describe("addAddress", () => {
  test("anonymous: UNAUTHENTICATED; forged token: 401", async () => {
    const res = await addAddress(t, undefined);
    expectError(res, "UNAUTHENTICATED");
    expect(res.data ?? null).toBeNull();
    expectRefusedToken(await addAddress(t, "Z".repeat(43)));
  });

  test("stores a normalised address in the caller's address book", async () => {
    const account = await registerOk(t);
    const address = await addAddressOk(t, account.token, {
      fullName: "  Ada King  ",
      line1: " 12 St James's Square ",
      city: " London ",
      postalCode: "sw1y 4jh ",
      country: "gb",
    });
    const row = await t.db.prisma.address.findUniqueOrThrow({ where: { id: keyOf(address.id) } });
    expect(row.userId).toBe(keyOf(account.user.id));
    expect(address).toEqual({
      id: globalId("Address", row.id),
      fullName: "Ada King",
      line1: "12 St James's Square",
      line2: null,
      city: "London",
      postalCode: "SW1Y 4JH",
      region: null,
      country: "GB",
      phone: null,
    });
    expect(await myAddresses(account.token)).toEqual([address]);
  });

  test("keeps every optional field", async () => {
    const account = await registerOk(t);
    const input = { line2: "Flat 3", region: "Greater London", phone: "+44 20 7946 0958" };
    const address = await addAddressOk(t, account.token, input);
    expect(address).toMatchObject({ ...validAddress, ...input });
  });

  test("blank line2 and region are stored as null", async () => {
    const account = await registerOk(t);
    const res = await addAddress(t, account.token, { line2: "   ", region: "" });
    expect(dataOf(res).addAddress).toMatchObject({ line2: null, region: null, phone: null });
  });

  // The service maps a blank phone to null (blankToNull), like line2 and region, but the
  // input validator rejects "" before the service sees it.
  test("a blank phone is stored as null like the other optional fields", async () => {
    const account = await registerOk(t);
    for (const phone of ["", "  "])
      expect(dataOf(await addAddress(t, account.token, { phone })).addAddress.phone).toBeNull();
  });

  test("User.addresses lists the caller's own addresses, oldest first", async () => {
    const account = await registerOk(t);
    const first = await addAddressOk(t, account.token, { city: "Paris", country: "FR", postalCode: "75001" });
    const second = await addAddressOk(t, account.token, {
      city: "Berlin",
      country: "DE",
      postalCode: "10115",
    });
    await addAddressOk(t, stranger.token, { city: "Rome", country: "IT", postalCode: "00118" });
    expect(await myAddresses(account.token)).toEqual([first, second]);
  });

  test.each([
    ["fullName", "empty", { fullName: "" }],
    ["fullName", "blank", { fullName: "   " }],
    ["fullName", "of 201 characters", { fullName: "f".repeat(201) }],
    ["line1", "blank", { line1: "\t" }],
    ["line2", "of 201 characters", { line2: "l".repeat(201) }],
    ["city", "empty", { city: "" }],
    ["postalCode", "empty", { postalCode: "" }],
    ["postalCode", "with punctuation", { postalCode: "12345!" }],
    ["postalCode", "of 21 characters", { postalCode: "1".repeat(21) }],
    ["region", "of 101 characters", { region: "r".repeat(101) }],
    ["country", "XX (not assigned)", { country: "XX" }],
    ["country", "DEU (alpha-3)", { country: "DEU" }],
    ["country", "D", { country: "D" }],
    ["country", "empty", { country: "" }],
    ["country", "12", { country: "12" }],
    ["phone", "in words", { phone: "call me" }],
    ["phone", "too short", { phone: "12" }],
  ])("%s %s is BAD_USER_INPUT naming the field", async (field, _label, overrides) => {
    const before = await addressCount(owner);
    const res = await addAddress(t, owner.token, overrides);
    expectError(res, "BAD_USER_INPUT", field);
    expect(res.data ?? null).toBeNull();
    expect(await addressCount(owner)).toBe(before);
  });

  test("an address book holds at most 50 addresses", async () => {
    const account = await registerOk(t);
    for (let i = 0; i < 50; i += 1) await addAddressOk(t, account.token, { line1: `${i} Main Street` });
    const res = await addAddress(t, account.token);
    expectError(res, "BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toBe("An address book holds at most 50 addresses; delete one first.");
    expect(await addressCount(account)).toBe(50);
  });
});

describe("deleteAddress", () => {
  test("anonymous: UNAUTHENTICATED, and nothing is deleted", async () => {
    const address = await addAddressOk(t, owner.token);
    expectError(await deleteAddress(t, undefined, address.id), "UNAUTHENTICATED");
    expect(await t.db.prisma.address.count({ where: { id: keyOf(address.id) } })).toBe(1);
  });

  test("deletes one of the caller's addresses; a second delete is NOT_FOUND", async () => {
    const account = await registerOk(t);
    const [keep, drop] = [
      await addAddressOk(t, account.token),
      await addAddressOk(t, account.token, { city: "Leeds" }),
    ];
    expect(await deleteAddress(t, account.token, drop.id)).toEqual({
      status: 200,
      data: { deleteAddress: true },
    });
    expect(await myAddresses(account.token)).toEqual([keep]);
    const again = await deleteAddress(t, account.token, drop.id);
    expectError(again, "NOT_FOUND");
    expect(again.errors?.[0]?.message).toBe("Address not found.");
    expect(again.data ?? null).toBeNull();
  });

  test("another customer's address is NOT_FOUND, exactly like a missing one, and survives", async () => {
    const address = await addAddressOk(t, owner.token, { city: "Bristol" });
    const foreign = await deleteAddress(t, stranger.token, address.id);
    const missing = await deleteAddress(t, stranger.token, globalId("Address", randomUUID()));
    expectError(foreign, "NOT_FOUND");
    expect(foreign.errors).toEqual(missing.errors);
    expect(await myAddresses(owner.token)).toContainEqual(address);
  });

  test.each([
    ["not base64", "not an id!"],
    ["empty", ""],
    ["a raw uuid", randomUUID()],
    ["a key that is not a uuid", globalId("Address", "42")],
    ["another type's id", "USER"],
    ["an unknown type's id", globalId("Spaceship", randomUUID())],
  ])("a malformed or foreign id (%s) is BAD_USER_INPUT naming id", async (_label, id) => {
    const value = id === "USER" ? owner.user.id : id;
    expectError(await deleteAddress(t, owner.token, value), "BAD_USER_INPUT", "id");
  });
});
