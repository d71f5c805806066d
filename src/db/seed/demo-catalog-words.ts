/**
 * The demo shop's category tree and the word lists its product names, descriptions and
 * variants are composed from. Data only: `demo-catalog.ts` does the composing.
 */

export interface OptionAxis {
  name: string;
  values: readonly string[];
  /** Percent added to the product's base price for each value (aligned with `values`). */
  surchargePercent?: readonly number[];
}

export interface LeafCategorySpec {
  name: string;
  slug: string;
  /** A product name: `{adjective}`, `{material}` and `{noun}` replaced by words from the lists. */
  pattern: string;
  adjectives: readonly string[];
  materials: readonly string[];
  nouns: readonly string[];
  /** Chosen once per product and shared by all its variants (a T-shirt's colour). */
  fixedAxis?: OptionAxis;
  /** What the product's 1–4 variants differ in (its sizes). */
  variantAxis: OptionAxis;
  /** Range of the base price, in cents. */
  priceCents: readonly [number, number];
  /** First sentence of a description: `{name}`, `{noun}` and `{material}` (lower-cased) filled in. */
  pitches: readonly string[];
}

export interface RootCategorySpec {
  name: string;
  slug: string;
  /** Second sentence of a description, true of anything in the category. */
  closers: readonly string[];
  children: readonly LeafCategorySpec[];
}

const apparelSizes: OptionAxis = {
  name: "Size",
  values: ["XS", "S", "M", "L", "XL"],
  surchargePercent: [0, 0, 0, 0, 8],
};
const apparelColors: OptionAxis = {
  name: "Color",
  values: ["Black", "White", "Heather Grey", "Navy", "Olive", "Rust"],
};
const gadgetColors: OptionAxis = { name: "Color", values: ["Black", "White", "Graphite", "Midnight Blue"] };
const bookFormats: OptionAxis = {
  name: "Format",
  values: ["Paperback", "Hardcover", "E-book"],
  surchargePercent: [0, 60, -35],
};

export const demoCategoryTree: readonly RootCategorySpec[] = [
  {
    name: "Apparel",
    slug: "apparel",
    closers: [
      "Machine washable and pre-shrunk, so the fit stays true.",
      "Ethically made in small batches.",
      "Free returns within 30 days.",
    ],
    children: [
      {
        name: "T-Shirts",
        slug: "t-shirts",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Classic", "Everyday", "Relaxed", "Vintage", "Essential", "Heavyweight", "Slim"],
        materials: ["Cotton", "Organic Cotton", "Linen", "Merino", "Bamboo", "Slub Cotton"],
        nouns: ["Crew Tee", "V-Neck Tee", "Pocket Tee", "Henley", "Long-Sleeve Tee", "Ringer Tee"],
        fixedAxis: apparelColors,
        variantAxis: apparelSizes,
        priceCents: [1800, 4200],
        pitches: [
          "A {material} {noun} cut for an easy, everyday fit.",
          "Soft {material} that only gets better with every wash.",
          "The {noun} you will reach for first, in breathable {material}.",
        ],
      },
      {
        name: "Hoodies",
        slug: "hoodies",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Cozy", "Oversized", "Classic", "Midweight", "Weekend", "Boxy"],
        materials: ["Fleece", "French Terry", "Brushed Cotton", "Recycled Fleece", "Wool-Blend"],
        nouns: ["Hoodie", "Zip Hoodie", "Pullover", "Sweatshirt", "Half-Zip"],
        fixedAxis: apparelColors,
        variantAxis: apparelSizes,
        priceCents: [4500, 9500],
        pitches: [
          "A {material} {noun} with a roomy hood and ribbed cuffs.",
          "Brushed-back {material} keeps this {noun} warm without the bulk.",
          "Our best-selling {noun}, now in {material}.",
        ],
      },
      {
        name: "Jackets",
        slug: "jackets",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Waxed", "Packable", "Insulated", "Utility", "Heritage", "Lightweight"],
        materials: ["Canvas", "Nylon", "Down", "Corduroy", "Denim", "Ripstop"],
        nouns: ["Field Jacket", "Rain Shell", "Puffer", "Chore Coat", "Windbreaker", "Trucker Jacket"],
        variantAxis: apparelSizes,
        priceCents: [7900, 24900],
        pitches: [
          "A {material} {noun} built for cold mornings and long walks.",
          "Weather-ready {material} with taped seams and deep pockets.",
          "The {noun} that layers over everything you own.",
        ],
      },
      {
        name: "Socks",
        slug: "socks",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Cushioned", "Everyday", "Striped", "Ribbed", "Lightweight", "Thermal"],
        materials: ["Merino", "Cotton", "Bamboo", "Cashmere-Blend", "Alpaca"],
        nouns: ["Crew Socks", "Ankle Socks", "Hiking Socks", "Dress Socks", "Lounge Socks"],
        fixedAxis: apparelColors,
        variantAxis: { name: "Size", values: ["S", "M", "L"] },
        priceCents: [900, 2400],
        pitches: [
          "{material} {noun} with a reinforced heel and toe.",
          "Breathable {material} that stays put all day.",
          "A three-pair pack of {material} {noun}.",
        ],
      },
    ],
  },
  {
    name: "Home",
    slug: "home",
    closers: [
      "Designed in-house and made to last for years.",
      "Arrives gift-ready in recycled packaging.",
      "Covered by our two-year guarantee.",
    ],
    children: [
      {
        name: "Kitchen",
        slug: "kitchen",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Professional", "Nordic", "Rustic", "Compact", "Everyday", "Artisan"],
        materials: ["Cast Iron", "Stainless Steel", "Ceramic", "Walnut", "Bamboo", "Enamel", "Carbon Steel"],
        nouns: [
          "Skillet",
          "Saucepan",
          "Chef's Knife",
          "Cutting Board",
          "Mixing Bowl",
          "French Press",
          "Dutch Oven",
          "Tea Kettle",
        ],
        variantAxis: { name: "Size", values: ["Small", "Medium", "Large"], surchargePercent: [0, 25, 50] },
        priceCents: [1500, 14900],
        pitches: [
          "A {material} {noun} that moves from stove to table.",
          "Heavy, balanced and easy to clean: a {noun} in {material}.",
          "The {noun} our test kitchen reaches for every day.",
        ],
      },
      {
        name: "Bedding",
        slug: "bedding",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Washed", "Crisp", "Cloud", "Heirloom", "Breezy", "Weighted"],
        materials: ["Linen", "Percale", "Sateen", "Flannel", "Wool", "Tencel"],
        nouns: ["Sheet Set", "Duvet Cover", "Pillowcase Pair", "Quilt", "Throw Blanket", "Coverlet"],
        fixedAxis: { name: "Color", values: ["White", "Oat", "Slate", "Sage", "Terracotta"] },
        variantAxis: {
          name: "Size",
          values: ["Twin", "Full", "Queen", "King"],
          surchargePercent: [0, 15, 25, 40],
        },
        priceCents: [3900, 19900],
        pitches: [
          "A {material} {noun} that sleeps cool in summer and cozy in winter.",
          "Garment-washed {material} for a soft, lived-in feel from the first night.",
          "Our {noun} in breathable, long-staple {material}.",
        ],
      },
      {
        name: "Lighting",
        slug: "lighting",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Arc", "Globe", "Mid-Century", "Dome", "Minimal", "Adjustable"],
        materials: ["Brass", "Rattan", "Glass", "Concrete", "Oak", "Paper"],
        nouns: ["Table Lamp", "Floor Lamp", "Pendant Light", "Desk Lamp", "Wall Sconce", "Lantern"],
        variantAxis: { name: "Finish", values: ["Matte Black", "Brushed Brass", "White"] },
        priceCents: [2900, 24900],
        pitches: [
          "A {material} {noun} that casts a warm, even glow.",
          "Hand-finished {material} with a dimmable LED bulb included.",
          "The {noun} that makes a corner feel finished.",
        ],
      },
    ],
  },
  {
    name: "Electronics",
    slug: "electronics",
    closers: [
      "Includes a one-year warranty and free firmware updates.",
      "Ships with a USB-C cable; no adapter in the box.",
      "Tested by our team for a full month before we stocked it.",
    ],
    children: [
      {
        name: "Audio",
        slug: "audio",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Aero", "Pulse", "Echo", "Nova", "Halo", "Orbit"],
        materials: ["Wireless", "Noise-Cancelling", "Portable", "Studio", "Waterproof"],
        nouns: ["Headphones", "Earbuds", "Bluetooth Speaker", "Soundbar", "Radio"],
        variantAxis: gadgetColors,
        priceCents: [2900, 29900],
        pitches: [
          "The {name} delivers rich, balanced sound with 30 hours of battery.",
          "{name}: clear highs, deep bass and a one-tap pairing button.",
          "Compact {noun} with a sound much bigger than its size.",
        ],
      },
      {
        name: "Chargers & Cables",
        slug: "chargers-cables",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Volt", "Flux", "Amp", "Spark", "Ion"],
        materials: ["Braided", "Fast-Charge", "65W", "Compact", "Dual-Port", "Magnetic"],
        nouns: ["USB-C Cable", "Wall Charger", "Power Bank", "Charging Pad", "Car Charger", "Charging Dock"],
        variantAxis: gadgetColors,
        priceCents: [1200, 6900],
        pitches: [
          "The {name} charges a laptop and a phone at full speed.",
          "A {noun} that tops up a phone to 50% in half an hour.",
          "{name}: overheat protection and a tangle-free design.",
        ],
      },
      {
        name: "Smart Home",
        slug: "smart-home",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Nest", "Beacon", "Hearth", "Lumen", "Sentry"],
        materials: ["Wi-Fi", "Matter", "Zigbee", "Battery"],
        nouns: ["Smart Plug", "Smart Bulb", "Video Doorbell", "Thermostat", "Motion Sensor", "Indoor Camera"],
        variantAxis: { name: "Pack", values: ["1-Pack", "2-Pack", "4-Pack"], surchargePercent: [0, 80, 150] },
        priceCents: [1900, 17900],
        pitches: [
          "The {name} sets up in two minutes from your phone.",
          "A {noun} that works with every major voice assistant.",
          "{name}: local control, so it keeps working when the internet does not.",
        ],
      },
    ],
  },
  {
    name: "Books",
    slug: "books",
    closers: [
      "A staff pick at our shop.",
      "Signed copies while they last.",
      "Printed on FSC-certified paper.",
    ],
    children: [
      {
        name: "Fiction",
        slug: "fiction",
        pattern: "The {adjective} {noun}",
        adjectives: [
          "Silent",
          "Last",
          "Hidden",
          "Burning",
          "Distant",
          "Forgotten",
          "Paper",
          "Glass",
          "Winter",
        ],
        materials: [],
        nouns: [
          "Harbor",
          "Orchard",
          "Lighthouse",
          "Archivist",
          "Cartographer",
          "River",
          "Garden",
          "Station",
          "Mountain",
          "Daughter",
        ],
        variantAxis: bookFormats,
        priceCents: [1299, 2999],
        pitches: [
          "{name} is a quietly gripping novel about family, memory and the secrets a small town keeps.",
          "In {name}, a stranger's arrival unravels three generations of careful lies.",
          "A sweeping debut: {name} follows two sisters across an ocean and forty years.",
        ],
      },
      {
        name: "Cooking",
        slug: "cooking",
        pattern: "{adjective} {noun}",
        adjectives: [
          "Weeknight",
          "Simple",
          "Slow",
          "Coastal",
          "Seasonal",
          "One-Pan",
          "Plant-Based",
          "Sunday",
        ],
        materials: [],
        nouns: ["Suppers", "Baking", "Vegetables", "Noodles", "Breakfasts", "Soups", "Grilling", "Salads"],
        variantAxis: bookFormats,
        priceCents: [1999, 3999],
        pitches: [
          "{name} collects 100 recipes for cooks with more ambition than time.",
          "Beautifully photographed, {name} turns pantry staples into something special.",
          "{name}: tested recipes, clear steps and no hard-to-find ingredients.",
        ],
      },
      {
        name: "Science",
        slug: "science",
        pattern: "{adjective} {noun}",
        adjectives: [
          "The Hidden Life of",
          "A Brief History of",
          "The Physics of",
          "The Secret World of",
          "Why We Need",
          "In Praise of",
        ],
        materials: [],
        nouns: ["Trees", "Stars", "Sleep", "Fungi", "Oceans", "Numbers", "Memory", "Bees", "Rivers", "Light"],
        variantAxis: bookFormats,
        priceCents: [1499, 3499],
        pitches: [
          "{name} makes the latest research a pleasure to read.",
          "Curious, funny and rigorous, {name} will change how you see the everyday.",
          "{name} is the rare science book you cannot put down.",
        ],
      },
    ],
  },
  {
    name: "Outdoors",
    slug: "outdoors",
    closers: [
      "Field-tested on three continents.",
      "Repairable: spare parts are sold separately.",
      "Backed by our lifetime repair program.",
    ],
    children: [
      {
        name: "Camping",
        slug: "camping",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Ultralight", "Trail", "Basecamp", "Alpine", "Backcountry", "Summit"],
        materials: ["Nylon", "Titanium", "Aluminum", "Canvas", "Down"],
        nouns: ["Tent", "Sleeping Bag", "Camp Stove", "Headlamp", "Camp Chair", "Water Filter"],
        variantAxis: { name: "Color", values: ["Forest Green", "Sand", "Orange"] },
        priceCents: [1900, 34900],
        pitches: [
          "A {material} {noun} that packs small and sets up fast.",
          "Weatherproof and featherlight: the {noun} for every trip.",
          "Our {noun} in {material}, tough enough for a season above the treeline.",
        ],
      },
      {
        name: "Cycling",
        slug: "cycling",
        pattern: "{adjective} {material} {noun}",
        adjectives: ["Commuter", "Road", "Gravel", "Urban", "Trail"],
        materials: ["Reflective", "Carbon", "Aluminum", "Waterproof", "Recycled"],
        nouns: ["Bike Helmet", "Bike Light Set", "Saddle Bag", "Cycling Gloves", "Floor Pump", "Bike Lock"],
        variantAxis: { name: "Color", values: ["Black", "Hi-Vis Yellow", "Red"] },
        priceCents: [1500, 12900],
        pitches: [
          "A {material} {noun} for every ride, from the school run to the century.",
          "The {noun} that keeps you seen and safe in the dark.",
          "{name}: light, tough and easy to fit.",
        ],
      },
    ],
  },
];
