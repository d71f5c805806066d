import type { CategoryRow, ProductRow } from "./demo-rows";
import type { Random } from "./random";

/** What the demo's Standard methods charge, and from which subtotal (after discount) they are free; minor units. */
export interface DemoShippingRates {
  flatRateAmount: number;
  freeThresholdAmount: number;
}

/** Where the demo shop ships, as rows with their ids. */
export interface DemoShipping {
  shippingZones: { id: string; name: string; createdAt: Date }[];
  shippingZoneCountries: { country: string; zoneId: string }[];
  shippingMethods: {
    id: string;
    zoneId: string;
    name: string;
    priceAmount: number;
    freeAboveAmount: number | null;
    minDeliveryDays: number;
    maxDeliveryDays: number;
  }[];
}

/** Where the demo shop ships and how it is taxed, as rows with their ids. */
export interface DemoPricing extends DemoShipping {
  taxClasses: { id: string; name: string; isDefault: boolean }[];
  taxRates: { taxClassId: string; country: string; region: string | null; rateBasisPoints: number }[];
  /** Books are taxed at the reduced rate; everything else has no class (the default). */
  reducedRateProductIds: string[];
}

/**
 * The zones cover the demo customers' countries. Express costs a fixed amount more than
 * Standard (which charges the shop's flat rate and is free from its threshold) and is
 * never free.
 */
const zones = [
  { name: "United States", countries: ["US"], days: [3, 5] },
  { name: "Canada", countries: ["CA"], days: [5, 8] },
  { name: "United Kingdom", countries: ["GB"], days: [4, 6] },
  { name: "European Union", countries: ["AT", "BE", "DE", "ES", "FR", "IE", "IT", "NL"], days: [4, 7] },
] as const;
const expressSurchargeAmount = 1000;
const expressDays = [1, 2] as const;

/**
 * Standard and reduced rates in percent: VAT in the EU and the UK (reduced: books and
 * food), Canada's federal GST, and US state sales tax on the states' own rates (groceries
 * exempt, Illinois' 1 % aside). States not listed, like the rest of the world, are untaxed.
 */
const rates: { country: string; region: string | null; standard: number; reduced: number }[] = [
  { country: "DE", region: null, standard: 19, reduced: 7 },
  { country: "FR", region: null, standard: 20, reduced: 5.5 },
  { country: "GB", region: null, standard: 20, reduced: 0 },
  { country: "NL", region: null, standard: 21, reduced: 9 },
  { country: "AT", region: null, standard: 20, reduced: 10 },
  { country: "BE", region: null, standard: 21, reduced: 6 },
  { country: "ES", region: null, standard: 21, reduced: 4 },
  { country: "IE", region: null, standard: 23, reduced: 0 },
  { country: "IT", region: null, standard: 22, reduced: 4 },
  { country: "CA", region: null, standard: 5, reduced: 5 },
  { country: "US", region: "CA", standard: 7.25, reduced: 0 },
  { country: "US", region: "NY", standard: 4, reduced: 0 },
  { country: "US", region: "TX", standard: 6.25, reduced: 0 },
  { country: "US", region: "WA", standard: 6.5, reduced: 0 },
  { country: "US", region: "IL", standard: 6.25, reduced: 1 },
];

function basisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/** The ids of a category and every category below it. */
function subtree(categories: readonly CategoryRow[], rootName: string): Set<string> {
  const ids = new Set(categories.filter((c) => c.name === rootName && c.parentId === null).map((c) => c.id));
  let grew = true;
  while (grew) {
    const before = ids.size;
    for (const category of categories)
      if (category.parentId && ids.has(category.parentId)) ids.add(category.id);
    grew = ids.size > before;
  }
  return ids;
}

/**
 * The demo zones with their Standard and Express methods. The scale seed uses them too, so
 * every database a seed made can be checked out to these countries.
 */
export function composeShipping(ids: Random, now: Date, shipping: DemoShippingRates): DemoShipping {
  const shippingZones = zones.map((zone) => ({ id: ids.uuid(), name: zone.name, createdAt: now }));
  const shippingMethods = zones.flatMap((zone, index) => {
    const zoneId = shippingZones[index]!.id;
    return [
      {
        id: ids.uuid(),
        zoneId,
        name: "Standard",
        priceAmount: shipping.flatRateAmount,
        freeAboveAmount: shipping.freeThresholdAmount,
        minDeliveryDays: zone.days[0],
        maxDeliveryDays: zone.days[1],
      },
      {
        id: ids.uuid(),
        zoneId,
        name: "Express",
        priceAmount: shipping.flatRateAmount + expressSurchargeAmount,
        freeAboveAmount: null,
        minDeliveryDays: expressDays[0],
        maxDeliveryDays: expressDays[1],
      },
    ];
  });
  return {
    shippingZones,
    shippingZoneCountries: zones.flatMap((zone, index) =>
      zone.countries.map((country) => ({ country, zoneId: shippingZones[index]!.id })),
    ),
    shippingMethods,
  };
}

export function composePricing(
  ids: Random,
  now: Date,
  shipping: DemoShippingRates,
  catalog: { categories: readonly CategoryRow[]; products: readonly ProductRow[] },
): DemoPricing {
  // Shipping first: its ids are drawn before the tax classes', as they always were.
  const demoShipping = composeShipping(ids, now, shipping);
  const standard = { id: ids.uuid(), name: "Standard", isDefault: true };
  const reduced = { id: ids.uuid(), name: "Reduced", isDefault: false };
  const books = subtree(catalog.categories, "Books");
  return {
    ...demoShipping,
    taxClasses: [standard, reduced],
    taxRates: rates.flatMap(({ country, region, ...percent }) => [
      { taxClassId: standard.id, country, region, rateBasisPoints: basisPoints(percent.standard) },
      { taxClassId: reduced.id, country, region, rateBasisPoints: basisPoints(percent.reduced) },
    ]),
    reducedRateProductIds: catalog.products.filter((p) => books.has(p.categoryId)).map((p) => p.id),
  };
}
