import { ProductUpdatedDocument } from "../../client";
import { seedProduct } from "../helpers/seed";
import { openSocket } from "../helpers/subscriptions";
import { startTestApp } from "../helpers/test-app";

/** Shutdown closes subscription sockets with 1001 Going Away (clients reconnect elsewhere), then the app. */

test("close() ends open subscription sockets with 1001 and resolves", async () => {
  const t = await startTestApp();
  const product = await seedProduct(t);
  const sockets = [openSocket(t), openSocket(t)];
  try {
    for (const socket of sockets) {
      const feed = await socket.subscribe(ProductUpdatedDocument, { productId: product.id });
      expect((await feed.nextData()).productUpdated.id).toBe(product.id);
    }
    await t.app.http.close();
    expect(await Promise.all(sockets.map((socket) => socket.closed))).toEqual([1001, 1001]);
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await t.close();
  }
});
