import { ProductUpdatedDocument } from "../../../client";
import { registerOk, staffAccount } from "../../helpers/accounts";
import { archiveProduct, updateVariant } from "../../helpers/catalog";
import { globalId } from "../../helpers/ids";
import { orderTransition, placeOrder } from "../../helpers/orders";
import { dataOf } from "../../helpers/results";
import { seedProduct } from "../../helpers/seed";
import { useSockets } from "../../helpers/subscriptions";
import { useTestApp } from "../../helpers/test-app";

/** `productUpdated` over graphql-ws: current state first, then each committed price or stock change. Anyone. */

const t = useTestApp();
const socket = useSockets(t);
let staff: string;

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
});

test("an anonymous subscriber gets the product, then the new price a staff update set", async () => {
  const product = await seedProduct(t, [{ price: 1999, stock: 4 }]);
  const feed = await socket().subscribe(ProductUpdatedDocument, { productId: product.id });
  const first = (await feed.nextData()).productUpdated;
  expect([first.id, first.variants.map((variant) => variant.price.amount)]).toEqual([product.id, ["19.99"]]);

  dataOf(await updateVariant(t, staff, { id: product.variants[0]!.id, price: "17.50" }));
  const changed = (await feed.nextData()).productUpdated;
  expect([changed.variants[0]!.price.amount, changed.priceRange.min.amount]).toEqual(["17.50", "17.50"]);
});

test("stock reserved by checkout and returned by cancelling reach the subscriber, in order", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t, [{ price: 1000, stock: 3 }]);
  const feed = await socket({ token: customer.token }).subscribe(ProductUpdatedDocument, {
    productId: product.id,
  });
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(3);

  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 2]]);
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(1);
  dataOf(await orderTransition(t, "cancelOrder", customer.token, order.id));
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(3);
  expect(feed.received).toHaveLength(3);
});

test("an unknown or archived product is NOT_FOUND; a malformed id BAD_USER_INPUT naming productId", async () => {
  const unknown = await socket().subscribe(ProductUpdatedDocument, {
    productId: globalId("Product", "00000000-0000-4000-8000-000000000000"),
  });
  expect(await unknown.nextErrorCodes()).toEqual(["NOT_FOUND"]);

  const archived = await seedProduct(t);
  dataOf(await archiveProduct(t, staff, archived.id));
  const hidden = await socket().subscribe(ProductUpdatedDocument, { productId: archived.id });
  expect(await hidden.nextErrorCodes()).toEqual(["NOT_FOUND"]);

  const malformed = await socket().subscribe(ProductUpdatedDocument, { productId: "nope" });
  const delivery = await malformed.next();
  expect(delivery.kind === "next" && delivery.result.errors?.[0]?.extensions).toMatchObject({
    code: "BAD_USER_INPUT",
    field: "productId",
  });
});
