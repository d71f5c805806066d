import WebSocket from "ws";
import { createBazaarClient, OrderUpdatedDocument, ProductUpdatedDocument } from "../../client";
import { globalId } from "../helpers/ids";
import { seedProduct } from "../helpers/seed";
import { useTestApp } from "../helpers/test-app";
import { bazaarErrorOf } from "./sdk-helpers";

/** The SDK's subscribe(): typed results over graphql-ws, failures as BazaarError. */

const t = useTestApp();

function client(token?: string) {
  return createBazaarClient({ url: `${t.baseUrl}/graphql`, webSocketImpl: WebSocket, token: token ?? null });
}

test("yields typed results, current state first; breaking out ends the subscription and the socket", async () => {
  const product = await seedProduct(t);
  const bazaar = client();
  const names: string[] = [];
  for await (const { productUpdated } of bazaar.subscribe(ProductUpdatedDocument, {
    productId: product.id,
  })) {
    names.push(productUpdated.name);
    break;
  }
  expect(names).toEqual([product.name]);
  await bazaar.closeSubscriptions();
});

test("a refusal is a BazaarError with the server's code", async () => {
  const bazaar = client();
  const orderId = globalId("Order", "00000000-0000-4000-8000-000000000000");
  const error = await bazaarErrorOf(bazaar.subscribe(OrderUpdatedDocument, { orderId }).next());
  expect(error.code).toBe("NOT_FOUND");
  await bazaar.closeSubscriptions();
});

test("a socket closed for bad credentials is a BazaarError UNAUTHENTICATED carrying the close code", async () => {
  const product = await seedProduct(t);
  const bazaar = client("b".repeat(43));
  const error = await bazaarErrorOf(
    bazaar.subscribe(ProductUpdatedDocument, { productId: product.id }).next(),
  );
  expect([error.code, error.extensions["closeCode"]]).toEqual(["UNAUTHENTICATED", 4403]);
  await bazaar.closeSubscriptions();
});
