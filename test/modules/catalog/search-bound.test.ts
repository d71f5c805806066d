import { useTestApp } from "../../helpers/test-app";
import {
  categoryId,
  expectedOrder,
  insertProduct,
  keysOf,
  listingTestEnv,
  listOk,
  searchRanks,
  visibleRows,
  walkAll,
  type CatalogRow,
} from "./listing-flows";

/**
 * RELEVANCE ranks at most BAZAAR_SEARCH_RANK_LIMIT matches, the first the database reads
 * (README § Search). Here the limit is 4, with 8 matches.
 */
const rankLimit = 4;
const t = useTestApp({ ...listingTestEnv, BAZAAR_SEARCH_RANK_LIMIT: String(rankLimit) });
let lab: string;
let elsewhere: string;

beforeAll(async () => {
  lab = (await t.db.prisma.category.create({ data: { name: "Bound Lab", slug: "bound-lab" } })).id;
  elsewhere = (
    await t.db.prisma.category.create({ data: { name: "Bound Elsewhere", slug: "bound-elsewhere" } })
  ).id;
  const add = (name: string, description: string, categoryId: string): Promise<CatalogRow> =>
    insertProduct(t, { name, description, categoryId });
  await add("Desk Lamp", "Soft as a zephyr.", lab);
  await add("Zephyr Fan", "Moves air.", lab);
  await add("Floor Lamp", "A zephyr of light.", lab);
  await add("Zephyr Clock", "Ticks.", lab);
  await add("Quokka Mug", "Holds tea.", lab);
  await add("Zephyr Shelf", "Holds books.", lab);
  await add("Zephyr Zephyr Bell", "The zephyr bell rings in a zephyr.", lab);
  // Stored after the lab's matches: a bound taken before the category filter would miss them.
  await add("Zephyr Kite", "Flies in any breeze.", elsewhere);
  await add("Zephyr Lamp", "Reads well.", elsewhere);
});

const listedIds = (page: { edges: { node: { id: string } }[] }): string[] =>
  keysOf(page.edges.map((edge) => edge.node));

/** `ids` as RELEVANCE must order them: by ts_rank, ties by id, both descending. */
async function rankedOrder(ids: string[], search: string): Promise<string[]> {
  const rows = (await visibleRows(t)).filter((row) => ids.includes(row.id));
  return expectedOrder(rows, "RELEVANCE", await searchRanks(t, search)).map((row) => row.id);
}

test("the fixture: 8 products match, more than the bound", async () => {
  expect((await searchRanks(t, "zephyr")).size).toBe(8);
});

test("RELEVANCE ranks a bounded set: 4 of the 8 matches, best first among them; totalCount 4, no next page", async () => {
  const page = await listOk(t, { search: "zephyr", first: 100 });
  const ids = listedIds(page);
  expect(ids).toHaveLength(rankLimit);
  const matches = await searchRanks(t, "zephyr");
  expect(ids.every((id) => matches.has(id))).toBe(true);
  expect(ids).toEqual(await rankedOrder(ids, "zephyr"));
  expect(page.totalCount).toBe(rankLimit);
  expect(page.pageInfo.hasNextPage).toBe(false);
});

test("any other sort lists every match", async () => {
  const newest = await listOk(t, { search: "zephyr", sortBy: "NEWEST", first: 100 });
  expect(newest.totalCount).toBe(8);
  expect(new Set(listedIds(newest))).toEqual(new Set((await searchRanks(t, "zephyr")).keys()));
});

test("paging 3 at a time: the same products in the same order, none twice, and the same answer every time", async () => {
  const whole = listedIds(await listOk(t, { search: "zephyr", first: 100 }));
  for (let round = 0; round < 2; round++) {
    const walk = await walkAll(t, { search: "zephyr", first: 3 });
    expect(keysOf(walk.nodes)).toEqual(whole);
    expect(walk.pages.map((page) => page.edges.length)).toEqual([3, 1]);
    for (const page of walk.pages) expect(page.totalCount).toBe(rankLimit);
  }
});

test("filters narrow the matches before the bound", async () => {
  const outside = await listOk(t, {
    search: "zephyr",
    filter: { categoryId: categoryId(elsewhere) },
    first: 100,
  });
  expect(outside.totalCount).toBe(2);
  const rows = (await visibleRows(t)).filter((row) => row.categoryId === elsewhere);
  expect(new Set(listedIds(outside))).toEqual(new Set(rows.map((row) => row.id)));
  const inLab = await listOk(t, { search: "zephyr", filter: { categoryId: categoryId(lab) }, first: 100 });
  expect(listedIds(inLab)).toHaveLength(rankLimit);
  const labIds = new Set((await visibleRows(t)).filter((row) => row.categoryId === lab).map((row) => row.id));
  expect(listedIds(inLab).every((id) => labIds.has(id))).toBe(true);
});

test("a search with fewer matches than the bound ranks them all", async () => {
  const page = await listOk(t, { search: "holds", first: 100 });
  expect(page.totalCount).toBe(2);
  expect(listedIds(page)).toEqual(await rankedOrder([...(await searchRanks(t, "holds")).keys()], "holds"));
});

test("the bound is not by rank: any bounded set is ranked with its ties broken by id, the same on every request", async () => {
  // Which matches the database reads first is its plan's order (storage order for the scans
  // it picks here, but a plan may change with statistics): what holds for any of them is
  // asserted. Five of the eight matches have "zephyr" once in the name and tie, two once in
  // the description and tie: any four of them hold a tie for the id to break.
  const ranks = await searchRanks(t, "zephyr");
  const ids = listedIds(await listOk(t, { search: "zephyr", first: 100 }));
  expect(ids).toHaveLength(rankLimit);
  expect(new Set(ids.map((id) => ranks.get(id))).size).toBeLessThan(rankLimit);
  expect(ids).toEqual(await rankedOrder(ids, "zephyr"));
  for (let request = 0; request < 3; request++)
    expect(listedIds(await listOk(t, { search: "zephyr", first: 100 }))).toEqual(ids);
});
