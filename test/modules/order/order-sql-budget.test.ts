import { registerOk, staffAccount, type Account } from "../../helpers/accounts";
import { createProductOk } from "../../helpers/catalog";
import { placeOrder } from "../../helpers/orders";
import { measured } from "../../helpers/sql-budget";
import { errorCodes, useTestApp } from "../../helpers/test-app";

/**
 * SQL statements for reading orders with what was bought (the storefront's "my orders" and
 * staff's order list): the session lookup (which also reads the user `me` shows), then ONE
 * statement for the page with its lines, their variants and the variants' products
 * (look-ahead loading) — whatever the page size.
 */

const t = useTestApp({ BAZAAR_SWEEP_INTERVAL_SECONDS: "3600" });
let customer: Account;
let staff: Account;

beforeAll(async () => {
  [customer, staff] = [await registerOk(t), await staffAccount(t)];
  const products = [await createProductOk(t, staff.token), await createProductOk(t, staff.token)];
  const [first, second] = products.map((product) => product.variants[0]!);
  await t.db.prisma.productVariant.updateMany({ data: { quantityAvailable: 100 } });
  for (let n = 0; n < 6; n += 1)
    await placeOrder(t, customer.token, [
      [first!, 1],
      [second!, 1],
    ]);
});

interface MyOrders {
  me: {
    name: string;
    orders: {
      edges: { node: { lines: { sku: string; variant: { product: { name: string } } | null }[] } }[];
    };
  };
}

const myOrders = (first: number) =>
  t.graphql<MyOrders>(
    `query ($first: Int) { me { name orders(first: $first) { edges { node {
       lines { sku variant { product { name } } } } } } } }`,
    { first },
    { token: customer.token },
  );

test("me { orders { lines { variant { product } } } }: 2 statements for 1 and for 5 orders", async () => {
  const runs = [await measured(t, () => myOrders(1)), await measured(t, () => myOrders(5))];
  expect(runs.map((run) => run.statements)).toEqual([2, 2]);
  const orders = runs[1]!.data.me.orders.edges.map((edge) => edge.node);
  expect(orders).toHaveLength(5);
  for (const order of orders) {
    expect(order.lines).toHaveLength(2);
    for (const line of order.lines) expect(line.variant?.product.name).toBe("Linen Shirt");
  }
});

test("staff's orders(first: N) with lines, variants and products: the same statements for N = 1 and 5", async () => {
  const staffOrders = (first: number) =>
    t.graphql(
      `query ($first: Int) { orders(first: $first) { edges { node { number lines { variant { sku product { slug } } } } } } }`,
      { first },
      { token: staff.token },
    );
  const counts = [
    (await measured(t, () => staffOrders(1))).statements,
    (await measured(t, () => staffOrders(5))).statements,
  ];
  expect(counts).toEqual([2, 2]);
});

test("order(id) { lines { variant { product } } }: 2 statements (the session, then the order with all of it), for its owner and for staff", async () => {
  const {
    me: { orders },
  } = (await measured(t, () => myOrders(1))).data;
  const [latest] = await t.db.prisma.order.findMany({ orderBy: { createdAt: "desc" }, take: 1 });
  const id = Buffer.from(`Order:${latest!.id}`).toString("base64");
  const query = `query ($id: ID!) { order(id: $id) { number lines { sku variant { sku product { name } } } } }`;
  for (const token of [customer.token, staff.token]) {
    const read = await measured(t, () =>
      t.graphql<{ order: { lines: { variant: { product: { name: string } } }[] } }>(query, { id }, { token }),
    );
    expect(read.statements).toBe(2);
    expect(read.data.order.lines.map((line) => line.variant.product.name)).toEqual(
      orders.edges[0]!.node.lines.map((line) => line.variant!.product.name),
    );
  }
  // Someone else's order stays NOT_FOUND, whatever the selection.
  const stranger = await registerOk(t);
  expect(errorCodes(await t.graphql(query, { id }, { token: stranger.token }))).toEqual(["NOT_FOUND"]);
});
