import { draw, salt, weightedIndex } from "./draw";
import { leafRecordColumns } from "./scale-categories";
import { idSlotsPerProduct, reviewIdSlot, sequentialUuid, variantIdSlot } from "./sequential-ids";
import { qualityProfiles } from "./scale-words";

/**
 * The statement that adds one chunk of products — with their variants and reviews, and
 * the product columns denormalised from them — composed entirely inside PostgreSQL.
 *
 * Parameters: $1 leaves (jsonb `LeafRecord[]`), $2..$3 first and last product number,
 * $4 run tag (keeps slugs and SKUs apart from earlier runs), $5 now, $6/$7 reviewer ids
 * and names, $8 brands, $9 review words (jsonb `[{ rating, titles, sentences }]`), $10 the
 * run's id prefix (`runIdPrefix`).
 *
 * Products, variants and reviews go in through data-modifying CTEs of ONE statement: the
 * foreign keys are checked at its end, so the product rows can carry their price range,
 * stock flag and rating totals computed from the very variant and review rows inserted
 * beside them. Computing them there instead of UPDATE-ing afterwards writes each product
 * once: an UPDATE would leave a dead copy of every row and a second entry in each index
 * on those columns.
 */

/** Length of the catalog's history: products appear over the last two years. */
const catalogAgeMs = 2 * 365 * 86_400_000;
/** Most products come in one or two variants, a few in four (cumulative percent). */
const variantCountThresholds = [30, 60, 85];
/** 0–5 reviews per product, about two on average (cumulative percent). */
const reviewCountThresholds = [25, 45, 65, 80, 90];
/** Products entirely sold out, so the in-stock filter has something to hide (percent). */
const soldOutPercent = 6;
/** Variants out of stock on their own (one in …). */
const emptyVariantOneIn = 10;
const imageBaseUrl = "https://images.bazaar.example/products";

const profileThresholds = qualityProfiles
  .reduce<number[]>((cumulative, profile) => [...cumulative, (cumulative.at(-1) ?? 0) + profile.share], [])
  .slice(0, -1);
const ratingThresholds = `(ARRAY[${qualityProfiles.flatMap((profile) => profile.cumulativePercent).join(", ")}])`;

/** Picks from a leaf's word list `list` (a `leaves` column) for product `n`. */
function pick(list: string, saltValue: number): string {
  return `l.${list}[1 + ${draw("n", saltValue, `cardinality(l.${list})`)}]`;
}

/** Roughly Zipf-distributed brand index: brand i is about 1/(i+1) as common as the first. */
function skewedBrand(): string {
  const uniform = `(${draw("n", salt.brand, 1_000_000)} / 1000000.0)`;
  return `($8::text[])[1 + least(cardinality($8::text[]) - 1,
            floor(exp(${uniform} * ln(cardinality($8::text[]) + 1)) - 1)::int)]`;
}

export function productChunkSql(leafCount: number): string {
  return `
WITH leaves AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS l(${leafRecordColumns})
),
review_words AS (
  SELECT * FROM jsonb_to_recordset($9::jsonb) AS w(rating int, titles text[], sentences text[])
),
picks AS MATERIALIZED (
  SELECT n, ${sequentialUuid("$10::text", `n * ${idSlotsPerProduct}`)} AS id, l.idx AS leaf, l.category_id,
         ${draw("n", salt.age, catalogAgeMs)} AS age_ms,
         ${skewedBrand()} AS brand,
         ${pick("adjectives", salt.adjective)} AS adjective,
         ${pick("materials", salt.material)} AS material,
         ${pick("materials_lc", salt.material)} AS material_lc,
         ${pick("nouns", salt.noun)} AS noun,
         ${pick("nouns_lc", salt.noun)} AS noun_lc,
         ${pick("pitches", salt.pitch)} AS pitch,
         ${pick("closers", salt.closer)} AS closer,
         1 + ${draw("n", salt.fixedValue, "cardinality(l.fixed_values)")} AS fixed_at,
         least(cardinality(l.axis_values), 1 + ${weightedIndex(draw("n", salt.variantCount, 100), variantCountThresholds)}) AS variant_count,
         ${draw("n", salt.variantStart, 1_000_000)} AS variant_start,
         l.price_low + ${draw("n", salt.basePrice, "l.price_high - l.price_low + 1")} AS base_price,
         ${draw("n", salt.soldOut, 100)} < ${soldOutPercent} AS sold_out,
         1 + ${draw("n", salt.imageCount, 3)} AS image_count,
         ${weightedIndex(draw("n", salt.reviewCount, 100), reviewCountThresholds)} AS review_count,
         ${weightedIndex(draw("n", salt.qualityProfile, 100), profileThresholds)} AS profile,
         ${draw("n", salt.reviewerStart, "cardinality($6::uuid[])")} AS reviewer_start
  FROM generate_series($2::bigint, $3::bigint) AS n
  JOIN leaves l ON l.idx = ${draw("n", salt.leaf, leafCount)}
),
named AS MATERIALIZED (
  SELECT p.*, $5::timestamptz - p.age_ms * interval '1 millisecond' AS created_at,
         CASE WHEN l.branded THEN p.brand || ' ' ELSE '' END
           || btrim(replace(replace(replace(l.pattern, '{adjective}', p.adjective), '{material}', p.material), '{noun}', p.noun)) AS name,
         CASE WHEN l.branded THEN 'Designed by ' || p.brand || '.' ELSE 'Published by ' || p.brand || ' Books.' END AS maker
  FROM picks p JOIN leaves l ON l.idx = p.leaf
),
composed AS (
  SELECT n.*,
         lower(btrim(regexp_replace(replace(n.name, '''', ''), '[^A-Za-z0-9]+', '-', 'g'), '-')) || '-' || $4::text || '-' || n.n AS slug,
         (SELECT upper(left(s, 1)) || substr(s, 2)
          FROM replace(replace(replace(n.pitch, '{name}', n.name), '{noun}', n.noun_lc), '{material}', n.material_lc) AS s)
           || ' ' || n.closer || ' ' || n.maker AS description
  FROM named n
),
variants AS MATERIALIZED (
  SELECT ${sequentialUuid("$10::text", `p.n * ${idSlotsPerProduct} + ${variantIdSlot} + pos`)} AS id,
         p.id AS product_id, pos, p.created_at,
         CASE WHEN l.fixed_name IS NULL THEN NULL ELSE l.fixed_values[p.fixed_at] END AS fixed_value,
         l.fixed_name, l.fixed_codes[p.fixed_at] AS fixed_code, l.axis_name,
         l.axis_values[v.at] AS value, l.axis_codes[v.at] AS code,
         'BZ-' || upper($4::text) || '-' || p.n AS sku_stem,
         greatest(99, round(p.base_price * (100 + l.surcharges[v.at]) / 10000.0) * 100 - 1)::int AS price_amount,
         CASE WHEN p.sold_out OR ${draw("p.n * 4 + pos", salt.stockEmpty, emptyVariantOneIn)} = 0 THEN 0
              ELSE 1 + ${draw("p.n * 4 + pos", salt.stockLevel, 100)}::int END AS quantity_available
  FROM named p
  JOIN leaves l ON l.idx = p.leaf
  CROSS JOIN LATERAL generate_series(0, p.variant_count - 1) AS pos
  -- a run of neighbouring values (sizes S, M, L), so the variants stay in the axis's order
  CROSS JOIN LATERAL (SELECT 1 + p.variant_start % (cardinality(l.axis_values) - p.variant_count + 1) + pos AS at) v
),
review_picks AS (
  SELECT ${sequentialUuid("$10::text", `p.n * ${idSlotsPerProduct} + ${reviewIdSlot} + k`)} AS id,
         p.id AS product_id, p.n * 8 + k AS seq, p.reviewer_start + k AS reviewer, p.age_ms,
         1 + ${weightedIndex(
           "x.roll",
           [1, 2, 3, 4].map((j) => `${ratingThresholds}[p.profile * 4 + ${j}]`),
         )} AS rating
  FROM named p
  CROSS JOIN LATERAL generate_series(0, p.review_count - 1) AS k
  CROSS JOIN LATERAL (SELECT ${draw("p.n * 8 + k", salt.rating, 100)} AS roll) x
),
reviews AS MATERIALIZED (
  -- consecutive reviewers of a pool larger than five: never the same customer twice per product
  SELECT r.id, r.product_id, r.rating,
         ($6::uuid[])[1 + r.reviewer % cardinality($6::uuid[])] AS user_id,
         ($7::text[])[1 + r.reviewer % cardinality($7::text[])] AS author_name,
         w.titles[1 + ${draw("r.seq", salt.reviewTitle, "cardinality(w.titles)")}] AS title,
         w.sentences[1 + s.first] || ' ' || w.sentences[1 + (s.first + 1 + s.gap) % cardinality(w.sentences)] AS body,
         $5::timestamptz - ${draw("r.seq", salt.reviewAge, "greatest(r.age_ms, 1)")} * interval '1 millisecond' AS created_at
  FROM review_picks r
  JOIN review_words w ON w.rating = r.rating
  CROSS JOIN LATERAL (SELECT ${draw("r.seq", salt.reviewFirstSentence, "cardinality(w.sentences)")} AS first,
                             ${draw("r.seq", salt.reviewSecondSentence, "cardinality(w.sentences) - 1")} AS gap) s
),
new_products AS (
  INSERT INTO products (id, name, slug, description, image_urls, category_id, min_price_amount, max_price_amount,
                        in_stock, rating_count, rating_sum, rating_average, created_at, updated_at)
  SELECT c.id, c.name, c.slug, c.description,
         (ARRAY['${imageBaseUrl}/' || c.slug || '.jpg', '${imageBaseUrl}/' || c.slug || '-2.jpg',
                '${imageBaseUrl}/' || c.slug || '-3.jpg'])[1:c.image_count],
         c.category_id, v.min_price, v.max_price, v.in_stock,
         coalesce(r.count, 0), coalesce(r.sum, 0), coalesce(r.sum::float8 / r.count, 0), c.created_at, c.created_at
  FROM composed c
  JOIN (SELECT product_id, min(price_amount) AS min_price, max(price_amount) AS max_price,
               bool_or(quantity_available > 0) AS in_stock
        FROM variants GROUP BY product_id) v ON v.product_id = c.id
  LEFT JOIN (SELECT product_id, count(*)::int AS count, sum(rating)::int AS sum
             FROM reviews GROUP BY product_id) r ON r.product_id = c.id
),
new_variants AS (
  INSERT INTO product_variants (id, product_id, sku, name, options, price_amount, quantity_available, position, created_at, updated_at)
  SELECT id, product_id,
         sku_stem || CASE WHEN fixed_value IS NULL THEN '' ELSE '-' || fixed_code END || '-' || code,
         CASE WHEN fixed_value IS NULL THEN value ELSE fixed_value || ' / ' || value END,
         CASE WHEN fixed_value IS NULL THEN jsonb_build_array(jsonb_build_object('name', axis_name, 'value', value))
              ELSE jsonb_build_array(jsonb_build_object('name', fixed_name, 'value', fixed_value),
                                     jsonb_build_object('name', axis_name, 'value', value)) END,
         price_amount, quantity_available, pos, created_at, created_at
  FROM variants
),
new_reviews AS (
  INSERT INTO reviews (id, product_id, user_id, rating, title, body, author_name, created_at)
  SELECT id, product_id, user_id, rating, title, body, author_name, created_at FROM reviews
)
SELECT (SELECT count(*) FROM variants)::int AS variants, (SELECT count(*) FROM reviews)::int AS reviews`;
}
