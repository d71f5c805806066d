import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { errorCodes, startTestApp, type TestApp } from "../helpers/test-app";
import { expectError, keyOf } from "../accounts/account-flows";
import { createCategoryOk, createProductOk, staffToken, uniqueSku } from "./catalog-flows";
import {
  expectedOrder,
  keysOf,
  listingTestEnv,
  listOk,
  listProducts,
  searchRanks,
  visibleRows,
  type ListArgs,
  type ProductFilterInput,
} from "./listing-flows";

let t: TestApp;
let lab: string;
/** Product keys by a short name. */
const p: Record<"lamp" | "deskLamp" | "fan" | "shirt" | "torch", string> = {
  lamp: "",
  deskLamp: "",
  fan: "",
  shirt: "",
  torch: "",
};

beforeAll(async () => {
  t = await startTestApp(listingTestEnv);
  await seedDemoShop(t.db.prisma, t.logger, "USD");
  const staff = await staffToken(t);
  lab = (await createCategoryOk(t, staff, { name: "Search Lab" })).id;
  const make = async (
    name: string,
    description: string,
    price: string,
    quantityAvailable: number,
  ): Promise<string> =>
    keyOf(
      (
        await createProductOk(t, staff, {
          name,
          description,
          categoryId: lab,
          variants: [{ sku: uniqueSku(), name: "One", price, quantityAvailable }],
        })
      ).id,
    );
  p.lamp = await make("Zephyr Lamp", "A lamp for the reading nook.", "30.00", 4);
  p.deskLamp = await make("Desk Lamp Deluxe", "Inspired by the zephyr that sweeps the hills.", "20.00", 0);
  p.fan = await make("Zephyr Fan", "Moves air like a zephyr on a summer day.", "50.00", 2);
  p.shirt = await make("Quokka Shirt", "Printed with a happy marsupial.", "25.00", 1);
  p.torch = await make("Crème Brûlée Torch", "Caramelises sugar in seconds.", "40.00", 1);
});
afterAll(async () => {
  await t.close();
});

async function found(search: string, extra: Omit<ListArgs, "search"> = {}): Promise<string[]> {
  return keysOf((await listOk(t, { first: 100, search, ...extra })).edges.map((edge) => edge.node));
}

const inLab = (filter: ProductFilterInput = {}): { filter: ProductFilterInput } => ({
  filter: { categoryId: lab, ...filter },
});

describe("full-text search over name and description", () => {
  test("a word of the name finds the product, and only it", async () => {
    expect(await found("quokka")).toEqual([p.shirt]);
  });

  test("a word only in the description finds the product", async () => {
    expect(await found("caramelises")).toEqual([p.torch]);
    expect(await found("marsupial")).toEqual([p.shirt]);
    expect(await found("hills")).toEqual([p.deskLamp]);
  });

  test("English stemming: plurals and other forms match", async () => {
    expect(await found("shirts", inLab())).toEqual([p.shirt]);
    expect(await found("quokkas")).toEqual([p.shirt]);
    expect((await found("lamps", inLab())).sort()).toEqual([p.lamp, p.deskLamp].sort());
    expect(await found("caramelise")).toEqual([p.torch]);
  });

  test("every word must match; `or` widens", async () => {
    expect((await found("zephyr lamp")).sort()).toEqual([p.lamp, p.deskLamp].sort());
    expect((await found("zephyr or quokka")).sort()).toEqual([p.lamp, p.deskLamp, p.fan, p.shirt].sort());
  });

  test("accented words match as written", async () => {
    expect(await found("crème")).toEqual([p.torch]);
    expect(await found("brûlée torch")).toEqual([p.torch]);
  });
});

describe("ordering with a search", () => {
  test("RELEVANCE by default: name and description > name only (weight A) > description only (weight B)", async () => {
    expect(await found("zephyr")).toEqual([p.fan, p.lamp, p.deskLamp]);
    const ranks = await searchRanks(t, "zephyr");
    expect(ranks.get(p.fan)!).toBeGreaterThan(ranks.get(p.lamp)!);
    expect(ranks.get(p.lamp)!).toBeGreaterThan(2 * ranks.get(p.deskLamp)!);
  });

  test("RELEVANCE over the demo catalog equals ts_rank order, ties broken by id", async () => {
    const ranks = await searchRanks(t, "cotton or tee");
    const rows = (await visibleRows(t)).filter((row) => ranks.has(row.id));
    expect(rows.length).toBeGreaterThan(10);
    const page = await listOk(t, { first: 100, search: "cotton or tee" });
    expect(keysOf(page.edges.map((edge) => edge.node))).toEqual(
      expectedOrder(rows, "RELEVANCE", ranks).map((row) => row.id),
    );
    expect(page.totalCount).toBe(rows.length);
  });

  test.each(["PRICE_ASC", "PRICE_DESC", "NAME_ASC", "NEWEST", "RATING_DESC"] as const)(
    "an explicit sortBy %s orders the matches",
    async (sortBy) => {
      const rows = (await visibleRows(t)).filter((row) => [p.lamp, p.deskLamp, p.fan].includes(row.id));
      expect(await found("zephyr", { sortBy })).toEqual(expectedOrder(rows, sortBy).map((row) => row.id));
    },
  );

  test("PRICE_ASC with a search, spelled out", async () => {
    expect(await found("zephyr", { sortBy: "PRICE_ASC" })).toEqual([p.deskLamp, p.lamp, p.fan]);
  });
});

describe("search combined with filters", () => {
  test.each([
    ["in stock", { inStock: true }, false, ["fan", "lamp"]],
    ["sold out", { inStock: false }, false, ["deskLamp"]],
    ["up to 25", { maxPrice: "25" }, false, ["deskLamp"]],
    ["from 30, in the lab category", { minPrice: "30" }, true, ["fan", "lamp"]],
  ] as const)("zephyr, %s", async (_case, filter, inCategory, expected) => {
    const page = await listOk(t, {
      first: 100,
      search: "zephyr",
      filter: { ...filter, ...(inCategory ? { categoryId: lab } : {}) },
    });
    expect(keysOf(page.edges.map((edge) => edge.node))).toEqual(expected.map((name) => p[name]));
    expect(page.totalCount).toBe(expected.length);
  });

  test("RELEVANCE without a search is BAD_USER_INPUT naming sortBy", async () => {
    expectError(await listProducts(t, { sortBy: "RELEVANCE" }), "BAD_USER_INPUT", "sortBy");
  });
});

describe("hostile and odd search strings", () => {
  test.each([
    ["%"],
    ["_"],
    ["%%"],
    ["'"],
    ['"'],
    ["''"],
    ["\\"],
    [":*"],
    ["&|!()<->"],
    ["日本語"],
    ["👕"],
    ["\ud800"],
    ["; --"],
  ])("%j runs safely and matches nothing", async (search) => {
    const response = await listProducts(t, { first: 100, search });
    expect(response.errors).toBeUndefined();
    expect(response.data?.products.totalCount).toBe(0);
  });

  test.each([["%lamp%"], ["lamp_"], ["'lamp'"], ['"lamp"'], ["lamp:*"], ["LAMP"], ["  lamp  "]])(
    "%j matches what `lamp` matches",
    async (search) => {
      expect((await found(search)).sort()).toEqual((await found("lamp")).sort());
    },
  );

  test("an SQL injection attempt is only words: no error, no match explosion, the table is intact", async () => {
    const total = (await visibleRows(t)).length;
    const response = await listProducts(t, { first: 100, search: "'; DROP TABLE products; --" });
    expect(response.errors).toBeUndefined();
    expect(response.data?.products.totalCount).toBeLessThan(total);
    expect((await visibleRows(t)).length).toBe(total);
    expect(
      (await listProducts(t, { first: 100, search: "x' OR '1'='1" })).data?.products.totalCount,
    ).toBeLessThan(total);
  });

  test.each([["\u0000"], ["lamp\u0000"], ["\u0000lamp"]])(
    "a NUL byte (%j) is BAD_USER_INPUT naming search",
    async (search) => {
      const response = await listProducts(t, { search });
      expectError(response, "BAD_USER_INPUT", "search");
    },
  );

  test.each([[""], ["   "], ["\t\n "]])(
    "%j is no search at all: the whole catalog, newest first",
    async (search) => {
      const rows = await visibleRows(t);
      const page = await listOk(t, { first: 30, search });
      expect(page.totalCount).toBe(rows.length);
      expect(keysOf(page.edges.map((edge) => edge.node))).toEqual(
        expectedOrder(rows, "NEWEST")
          .slice(0, 30)
          .map((row) => row.id),
      );
    },
  );

  test("200 characters are accepted; 201 are BAD_USER_INPUT naming search", async () => {
    const ok = await listProducts(t, { search: `${"lamp ".repeat(39)}zephy` });
    expect(ok.errors).toBeUndefined();
    expect(errorCodes(await listProducts(t, { search: "z".repeat(200) }))).toEqual([]);
    expectError(await listProducts(t, { search: "z".repeat(201) }), "BAD_USER_INPUT", "search");
  });
});
