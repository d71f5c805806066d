import { randomUUID } from "node:crypto";
import {
  AddToCartDocument,
  BazaarError,
  CartDocument,
  createBazaarClient,
  CreateCartDocument,
  LoginDocument,
  MeDocument,
  ProductListDocument,
  RegisterDocument,
  type BazaarClient,
} from "../../client";
import { uniqueEmail } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { seedProduct, type SeededProduct } from "../orders/order-flows";
import { bazaarErrorOf } from "./sdk-helpers";

let t: TestApp;
let bazaar: BazaarClient;
let product: SeededProduct;

beforeAll(async () => {
  t = await startTestApp();
  product = await seedProduct(t, [{ price: 1250, stock: 2 }]);
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  bazaar = createBazaarClient({ url: `${t.baseUrl}/graphql` });
});

const password = "correct horse battery";

describe("the SDK returns typed data", () => {
  test("a listing, as `const { products } = await bazaar.request(ProductListDocument, { first: 24 })`", async () => {
    const { products } = await bazaar.request(ProductListDocument, { first: 24 });
    expect(products.edges.map((edge) => edge.node.id)).toEqual([product.id]);
    const [card] = products.edges;
    expect(card?.node.priceRange.min).toEqual({ amount: "12.50", currencyCode: "USD" });
    expect(card?.node.variants[0]?.inStock).toBe(true);
  });

  test("operations without required variables may omit them; setToken signs the client in", async () => {
    expect(await bazaar.request(MeDocument)).toEqual({ me: null });
    const email = uniqueEmail("sdk");
    const { register } = await bazaar.request(RegisterDocument, {
      input: { email, password, name: "Grace Hopper" },
    });
    bazaar.setToken(register.token);
    expect(bazaar.getToken()).toBe(register.token);
    expect((await bazaar.request(MeDocument)).me).toMatchObject({
      email,
      name: "Grace Hopper",
      roles: ["CUSTOMER"],
      addresses: [],
    });
  });
});

describe("failures are BazaarErrors carrying extensions.code", () => {
  test("wrong credentials: UNAUTHENTICATED, with the error's path and the HTTP status", async () => {
    const error = await bazaarErrorOf(
      bazaar.request(LoginDocument, { input: { email: uniqueEmail("nobody"), password } }),
    );
    expect(error).toBeInstanceOf(BazaarError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("BazaarError");
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.path).toEqual(["login"]);
    expect(error.status).toBe(200);
    expect(error.extensions["code"]).toBe("UNAUTHENTICATED");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("invalid input: BAD_USER_INPUT naming the field", async () => {
    const error = await bazaarErrorOf(
      bazaar.request(RegisterDocument, {
        input: { email: uniqueEmail("short"), password: "short", name: "X" },
      }),
    );
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.extensions["field"]).toBe("password");
  });

  test("a refused token: UNAUTHENTICATED with HTTP 401 and no data", async () => {
    bazaar.setToken("not-a-real-token");
    const error = await bazaarErrorOf(bazaar.request(MeDocument));
    expect([error.code, error.status, error.data]).toEqual(["UNAUTHENTICATED", 401, null]);
  });

  test("too many units: OUT_OF_STOCK listing the variant, and the cart is unchanged", async () => {
    const { createCart } = await bazaar.request(CreateCartDocument);
    const variantId = product.variants[0]!.id;
    const error = await bazaarErrorOf(
      bazaar.request(AddToCartDocument, { input: { cartId: createCart.id, variantId, quantity: 3 } }),
    );
    expect(error.code).toBe("OUT_OF_STOCK");
    expect(error.extensions["variantIds"]).toEqual([variantId]);
    expect(error.errors).toHaveLength(1);
    expect((await bazaar.request(CartDocument, { id: createCart.id })).cart?.totalQuantity).toBe(0);
  });

  test("a missing cart: NOT_FOUND", async () => {
    const error = await bazaarErrorOf(
      bazaar.request(AddToCartDocument, {
        input: {
          cartId: Buffer.from(`Cart:${randomUUID()}`).toString("base64"),
          variantId: product.variants[0]!.id,
          quantity: 1,
        },
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  test("no server: NETWORK_ERROR with status 0", async () => {
    const offline = createBazaarClient({ url: "http://127.0.0.1:9/graphql" });
    const error = await bazaarErrorOf(offline.request(MeDocument));
    expect([error.code, error.status]).toEqual(["NETWORK_ERROR", 0]);
    expect(error.message).toContain("Could not reach http://127.0.0.1:9/graphql");
  });

  test("an answer that is not GraphQL: NETWORK_ERROR with its status", async () => {
    const notGraphQL = createBazaarClient({
      url: "http://bazaar.invalid/graphql",
      fetch: () => Promise.resolve(new Response("<h1>Bad gateway</h1>", { status: 502 })),
    });
    const error = await bazaarErrorOf(notGraphQL.request(MeDocument));
    expect([error.code, error.status]).toEqual(["NETWORK_ERROR", 502]);
  });
});
