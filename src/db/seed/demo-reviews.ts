import type { Purchase } from "./demo-orders";
import type { ReviewRow } from "./demo-rows";
import type { Random } from "./random";

const dayMs = 86_400_000;

/**
 * Chance that a product gets a rating from each of these weight sets (1★…5★): most are
 * liked, some divide opinion, a few are duds, so sorting by rating has a spread to show.
 */
const qualityProfiles = [
  { share: 60, ratingWeights: [2, 3, 10, 35, 50] },
  { share: 30, ratingWeights: [8, 12, 25, 35, 20] },
  { share: 10, ratingWeights: [25, 25, 25, 15, 10] },
] as const;

const titlesByRating: Record<number, readonly string[]> = {
  1: ["Returned it", "Poor quality", "Do not recommend", "Broke within a week"],
  2: ["Disappointed", "Not what I expected", "Fell short", "Would not buy again"],
  3: ["It's fine", "Does the job", "Mixed feelings", "Good, not great", "Okay for the price"],
  4: [
    "Really good",
    "Very happy with it",
    "Great, with one small quibble",
    "Solid choice",
    "Would buy again",
  ],
  5: [
    "Absolutely love it",
    "Exceeded my expectations",
    "Perfect",
    "Worth every penny",
    "Best purchase this year",
    "Five stars, no notes",
  ],
};

const praise = [
  "The quality is excellent and it looks even better in person.",
  "I have used it almost every day since it arrived.",
  "Exactly as described, and it arrived quickly.",
  "Great value for the price.",
  "Already ordered a second one as a gift.",
  "The details are really well thought out.",
  "Feels sturdy and well made.",
];
const caveats = [
  "My only complaint is the amount of packaging.",
  "I would give it five stars if it came in more colors.",
  "It took a few days longer to arrive than promised.",
  "Slightly pricier than similar options, but worth it.",
];
const shrugs = [
  "It works, but it is a little smaller than I imagined.",
  "Decent quality, though the finish could be better.",
  "Nothing special, but nothing wrong with it either.",
  "Took a while to arrive, but it is fine now that it is here.",
];
const complaints = [
  "It stopped working properly after a couple of weeks.",
  "The quality does not match the photos.",
  "Customer service was helpful, but I still sent it back.",
  "Cheaper materials than I expected at this price.",
];

function reviewBody(random: Random, rating: number): string {
  if (rating === 5) return random.sample(praise, 2).join(" ");
  if (rating === 4) return `${random.pick(praise)} ${random.pick(caveats)}`;
  if (rating === 3) return random.sample(shrugs, 2).join(" ");
  if (rating === 2) return `${random.pick(shrugs)} ${random.pick(complaints)}`;
  return random.sample(complaints, 2).join(" ");
}

/** Days after the purchase, as reviews usually come; sooner when that would be in the future. */
function reviewDelayMs(random: Random, now: Date, purchasedAt: Date): number {
  const sinceMs = now.getTime() - purchasedAt.getTime();
  const usualMs = random.int(2, 21) * dayMs + random.int(0, dayMs);
  return usualMs < sinceMs ? usualMs : Math.floor(sinceMs * (0.1 + 0.8 * random.next()));
}

export interface ReviewOptions {
  /** Chance that a customer reviews a product they bought. */
  reviewChance: number;
  /**
   * Customers who review less often, so they keep some bought-but-unreviewed products
   * (the demo customer: someone can try writing a review).
   */
  hesitant: ReadonlySet<string>;
  hesitantReviewChance: number;
}

/** A review of some of the purchases, written a few days after delivery (never in the future). */
export function composeReviews(
  random: Random,
  ids: Random,
  now: Date,
  purchases: readonly Purchase[],
  options: ReviewOptions,
): ReviewRow[] {
  const profileOf = new Map<string, readonly number[]>();
  const reviews: ReviewRow[] = [];
  for (const { customer, productId, purchasedAt } of purchases) {
    let ratingWeights = profileOf.get(productId);
    if (!ratingWeights) {
      const profile =
        qualityProfiles[random.weighted(qualityProfiles.map((candidate) => candidate.share))] ??
        qualityProfiles[0];
      ratingWeights = profile.ratingWeights;
      profileOf.set(productId, ratingWeights);
    }
    const chance = options.hesitant.has(customer.user.id)
      ? options.hesitantReviewChance
      : options.reviewChance;
    if (!random.chance(chance)) continue;
    const rating = random.weighted(ratingWeights) + 1;
    reviews.push({
      id: ids.uuid(),
      productId,
      userId: customer.user.id,
      rating,
      title: random.pick(titlesByRating[rating] ?? []),
      body: reviewBody(random, rating),
      authorName: customer.user.name,
      createdAt: new Date(purchasedAt.getTime() + reviewDelayMs(random, now, purchasedAt)),
    });
  }
  return reviews;
}
