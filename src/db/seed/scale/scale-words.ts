/**
 * Word lists the scale seed composes from, on top of the demo shop's category words
 * (`../demo-catalog-words.ts`). Data only: the SQL in `scale-products-sql.ts` picks from them.
 */

/**
 * Makers, listed from most to least common: the seed draws them with a skew, so the first
 * few are on tens of thousands of products and the last on a few hundred — search has
 * common and rare words to be measured with.
 */
export const brands: readonly string[] = [
  "Northwind", "Alder", "Fieldhouse", "Harbor", "Juniper", "Kestrel", "Lumen", "Meridian", "Oakline", "Pinecrest",
  "Quarry", "Redwood", "Saltmarsh", "Tidewater", "Upland", "Vantage", "Willow", "Yarrow", "Zephyr", "Ashgrove",
  "Birchwood", "Cedarline", "Driftwood", "Elmstead", "Foxglove", "Granite", "Hollow", "Ironbark", "Jasper", "Kinfolk",
  "Larkspur", "Moorland", "Nettle", "Orchard", "Pebble", "Quillon", "Rook", "Sable", "Thistle", "Umber",
  "Verdant", "Wren", "Yew", "Zinnia", "Aurora", "Basalt", "Copper", "Dune", "Ember", "Fennel",
  "Glade", "Heron", "Indigo", "Jetty", "Kelp", "Lichen", "Marram", "Nimbus", "Osprey", "Plover",
  "Quince", "Rowan", "Sorrel", "Tamarack", "Ulex", "Vireo", "Wheatear", "Xeric", "Yellowhammer", "Zostera",
  "Anemone", "Bracken", "Cormorant", "Dunlin", "Eider", "Fulmar", "Gannet", "Hawthorn", "Ibex", "Jackdaw",
  "Knapweed", "Lapwing", "Merlin", "Nightjar", "Oxlip", "Ptarmigan", "Quail", "Redshank", "Samphire", "Teasel",
  "Urchin", "Vetch", "Whimbrel", "Xanthe", "Yellowlegs", "Zander", "Avocet", "Bittern", "Chough", "Dotterel",
];

export const firstNames: readonly string[] = [
  "Ava", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hugo", "Isla", "Jonah",
  "Keira", "Liam", "Maya", "Nathan", "Olive", "Pablo", "Quinn", "Rosa", "Samuel", "Tara",
  "Umar", "Vera", "William", "Ximena", "Yusuf", "Zoe", "Aiden", "Bianca", "Caleb", "Diana",
  "Emil", "Freya", "Gabriel", "Hana", "Ivan", "Julia", "Kai", "Lena", "Marco", "Nora",
];

export const lastNames: readonly string[] = [
  "Anderson", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
  "Kowalski", "Larsen", "Martin", "Nguyen", "O'Brien", "Park", "Quintero", "Ramirez", "Silva", "Tanaka",
  "Usman", "Varga", "Williams", "Xu", "Young", "Zimmerman", "Ahmed", "Bauer", "Costa", "Duarte",
];

/** Review titles and body sentences by star rating (index 0 is 1★). */
export const reviewWordsByRating: readonly { titles: readonly string[]; sentences: readonly string[] }[] = [
  {
    titles: ["Returned it", "Poor quality", "Do not recommend", "Broke within a week"],
    sentences: [
      "It stopped working properly after a couple of weeks.",
      "The quality does not match the photos.",
      "Customer service was helpful, but I still sent it back.",
      "Cheaper materials than I expected at this price.",
    ],
  },
  {
    titles: ["Disappointed", "Not what I expected", "Fell short", "Would not buy again"],
    sentences: [
      "It works, but it is a little smaller than I imagined.",
      "The finish started to wear off within a month.",
      "Cheaper materials than I expected at this price.",
      "The sizing runs noticeably off.",
    ],
  },
  {
    titles: ["It's fine", "Does the job", "Mixed feelings", "Good, not great", "Okay for the price"],
    sentences: [
      "Decent quality, though the finish could be better.",
      "Nothing special, but nothing wrong with it either.",
      "Took a while to arrive, but it is fine now that it is here.",
      "It does what it says and not much more.",
    ],
  },
  {
    titles: ["Really good", "Very happy with it", "Great, with one small quibble", "Solid choice", "Would buy again"],
    sentences: [
      "Feels sturdy and well made.",
      "My only complaint is the amount of packaging.",
      "Slightly pricier than similar options, but worth it.",
      "I would give it five stars if it came in more colors.",
    ],
  },
  {
    titles: ["Absolutely love it", "Exceeded my expectations", "Perfect", "Worth every penny", "Five stars, no notes"],
    sentences: [
      "The quality is excellent and it looks even better in person.",
      "I have used it almost every day since it arrived.",
      "Already ordered a second one as a gift.",
      "The details are really well thought out.",
    ],
  },
];

/**
 * Each product draws a quality profile: the cumulative percent chances of 1★, 1–2★, 1–3★
 * and 1–4★. Most are liked, some divide opinion, a few are duds, so RATING_DESC has a
 * spread to sort. Shares (percent of products) must add up to 100.
 */
export const qualityProfiles: readonly { share: number; cumulativePercent: readonly [number, number, number, number] }[] = [
  { share: 60, cumulativePercent: [2, 5, 15, 50] },
  { share: 30, cumulativePercent: [8, 20, 45, 80] },
  { share: 10, cumulativePercent: [25, 50, 75, 90] },
];
