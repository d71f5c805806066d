import {
  AddAddressDocument,
  MeDocument,
  ProductListDocument,
  ProductUpdatedDocument,
  UpdateVariantDocument,
} from "../../../client";
import {
  accountWithRoles,
  meOf,
  registerOk,
  staffAccount,
  validAddress,
  type Account,
} from "../../helpers/accounts";
import { asClient, revokeApiClient, seedApiClient } from "../../helpers/api-clients";
import { updateVariant } from "../../helpers/catalog";
import { errorCodes } from "../../helpers/graphql-client";
import { dataOf, expectError, expectRefusedToken } from "../../helpers/results";
import { seedProduct, type SeededProduct } from "../../helpers/seed";
import { useSockets } from "../../helpers/subscriptions";
import { useTestApp } from "../../helpers/test-app";

/**
 * Requests made with an API client's token (Bazaar-Client-Token): the client's roles when it
 * sends no session, the buyer's own rights when it carries one, and every bad credential
 * refused with 401, never served as anonymous.
 */

const t = useTestApp();
const socket = useSockets(t);
let admin: string;
let buyer: Account;
let product: SeededProduct;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
  buyer = await registerOk(t, { name: "Bea Buyer" });
  product = await seedProduct(t, [{ price: 1999, stock: 5 }]);
});

const priceOf = async (): Promise<number> =>
  (await t.db.prisma.productVariant.findUniqueOrThrow({ where: { id: product.variants[0]!.key } }))
    .priceAmount;
const setPrice = (price: string, options: Parameters<typeof t.graphql>[2]) =>
  t.graphql(UpdateVariantDocument, { input: { id: product.variants[0]!.id, price } }, options);

describe("what a client may do", () => {
  test("a STAFF client calls a STAFF mutation (updateVariant) as staff", async () => {
    const client = await seedApiClient(t, ["STAFF"]);
    const response = await setPrice("17.50", asClient(client.token));
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateVariant.price.amount).toBe("17.50");
    expect(await priceOf()).toBe(1750);
  });

  test("a storefront client (no roles) has storefront rights: browsing yes; staff work FORBIDDEN; a user's own operations UNAUTHENTICATED", async () => {
    const storefront = asClient((await seedApiClient(t)).token);
    expect(dataOf(await t.graphql(ProductListDocument, { first: 5 }, storefront)).products.edges).not.toEqual(
      [],
    );
    expect(errorCodes(await setPrice("1.00", storefront))).toEqual(["FORBIDDEN"]);
    expect(await t.graphql(MeDocument, {}, storefront)).toEqual({ status: 200, data: { me: null } });
    expectError(await t.graphql(AddAddressDocument, { input: validAddress }, storefront), "UNAUTHENTICATED");
    expect(await priceOf()).not.toBe(100);
  });

  test("a storefront client carrying a buyer's session acts as that buyer", async () => {
    const withBuyer = asClient((await seedApiClient(t)).token, { session: buyer.token });
    expect(dataOf(await t.graphql(MeDocument, {}, withBuyer))).toEqual(meOf(buyer));
    const added = dataOf(await t.graphql(AddAddressDocument, { input: validAddress }, withBuyer));
    expect(added.addAddress.city).toBe(validAddress.city);
  });

  test("a STAFF client carrying a customer's session acts as the customer, with the customer's rights only", async () => {
    const customer = await registerOk(t);
    const options = asClient((await seedApiClient(t, ["STAFF"])).token, { session: customer.token });
    expect(dataOf(await t.graphql(MeDocument, {}, options)).me?.id).toBe(customer.user.id);
    expect(errorCodes(await setPrice("2.00", options))).toEqual(["FORBIDDEN"]);
  });

  test("a staff user's session through a storefront client keeps the staff user's rights", async () => {
    const staff = await staffAccount(t);
    const options = asClient((await seedApiClient(t)).token, { session: staff.token });
    expect(errorCodes(await setPrice("18.00", options))).toEqual([]);
  });
});

describe("bad client credentials are refused with 401, never served as anonymous", () => {
  test.each([
    ["a malformed token", "nope"],
    ["a blank token", " "],
    ["a token without the bzc_ prefix", "A".repeat(43)],
    ["a well-formed but unknown token", `bzc_${"A".repeat(43)}`],
  ])("%s", async (_label, token) => {
    expectRefusedToken(await t.graphql(ProductListDocument, { first: 1 }, asClient(token)));
  });

  test("a session token sent as a client token", async () => {
    expectRefusedToken(await t.graphql(ProductListDocument, { first: 1 }, asClient(buyer.token)));
  });

  test("a revoked client, from the revocation on; with a valid buyer session too", async () => {
    const client = await seedApiClient(t, ["STAFF"]);
    dataOf(await t.graphql(ProductListDocument, { first: 1 }, asClient(client.token)));
    dataOf(await revokeApiClient(t, admin, client.id));
    expectRefusedToken(await setPrice("3.00", asClient(client.token)));
    expectRefusedToken(await t.graphql(MeDocument, {}, asClient(client.token, { session: buyer.token })));
  });

  test("a valid client with a bad session", async () => {
    const client = await seedApiClient(t);
    expectRefusedToken(await t.graphql(MeDocument, {}, asClient(client.token, { session: "nope" })));
  });
});

describe("Bazaar-Buyer-IP", () => {
  test("must be an IP address when a valid client sends it: 400 BAD_USER_INPUT naming the header", async () => {
    const { token } = await seedApiClient(t);
    for (const buyerIp of ["not-an-ip", "300.1.1.1", "10.0.0.1, 10.0.0.2"]) {
      const response = await t.graphql(ProductListDocument, { first: 1 }, asClient(token, { buyerIp }));
      expect(response.status).toBe(400);
      expectError(response, "BAD_USER_INPUT", "Bazaar-Buyer-IP");
    }
    for (const buyerIp of ["203.0.113.7", "2001:DB8::1"])
      dataOf(await t.graphql(ProductListDocument, { first: 1 }, asClient(token, { buyerIp })));
  });

  test("is not read without a client token (even a malformed one), nor before a bad token is refused", async () => {
    const headers = { "bazaar-buyer-ip": "not-an-ip" };
    dataOf(await t.graphql(ProductListDocument, { first: 1 }, { headers }));
    expectRefusedToken(
      await t.graphql(ProductListDocument, { first: 1 }, asClient("nope", { buyerIp: "x" })),
    );
  });
});

describe("subscriptions take the same credentials in connection_init", () => {
  test("a client's socket is served; once the client is revoked its next event closes it (4403)", async () => {
    const client = await seedApiClient(t);
    const staff = (await staffAccount(t)).token;
    const clientSocket = socket({ connectionParams: { "bazaar-client-token": client.token } });
    const feed = await clientSocket.subscribe(ProductUpdatedDocument, { productId: product.id });
    expect((await feed.nextData()).productUpdated.id).toBe(product.id);
    dataOf(await revokeApiClient(t, admin, client.id));
    dataOf(await updateVariant(t, staff, { id: product.variants[0]!.id, quantityAvailable: 9 }));
    expect(await clientSocket.closed).toBe(4403);
  });

  test("a bad client token closes the socket at once (4403)", async () => {
    const refused = socket({ connectionParams: { "bazaar-client-token": `bzc_${"B".repeat(43)}` } });
    expect(await refused.closed).toBe(4403);
  });
});
