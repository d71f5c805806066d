-- CreateEnum
CREATE TYPE "DiscountType" AS ENUM ('PERCENTAGE', 'FIXED_AMOUNT', 'FREE_SHIPPING');

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "tax_class_id" UUID;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "discount_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "discount_code" TEXT,
ADD COLUMN     "shipping_method" TEXT NOT NULL DEFAULT 'Standard',
ADD COLUMN     "tax_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tax_included" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "order_lines" ADD COLUMN     "discount_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tax_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tax_rate_basis_points" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "discount_codes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "type" "DiscountType" NOT NULL,
    "value" INTEGER NOT NULL,
    "minimum_subtotal_amount" INTEGER,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "usage_limit" INTEGER,
    "usage_limit_per_customer" INTEGER,
    "times_used" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "discount_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discount_code_uses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "discount_code_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "customer_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "discount_code_uses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipping_zones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipping_zones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipping_zone_countries" (
    "country" CHAR(2) NOT NULL,
    "zone_id" UUID NOT NULL,

    CONSTRAINT "shipping_zone_countries_pkey" PRIMARY KEY ("country")
);

-- CreateTable
CREATE TABLE "shipping_methods" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "price_amount" INTEGER NOT NULL,
    "free_above_amount" INTEGER,
    "min_delivery_days" INTEGER,
    "max_delivery_days" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipping_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tax_classes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tax_classes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tax_rates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tax_class_id" UUID NOT NULL,
    "country" CHAR(2) NOT NULL,
    "region" TEXT,
    "rate_basis_points" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tax_rates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "discount_codes_created_at_id_idx" ON "discount_codes"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "discount_code_uses_order_id_key" ON "discount_code_uses"("order_id");

-- CreateIndex
CREATE INDEX "discount_code_uses_discount_code_id_customer_email_idx" ON "discount_code_uses"("discount_code_id", "customer_email");

-- CreateIndex
CREATE INDEX "shipping_zones_created_at_id_idx" ON "shipping_zones"("created_at", "id");

-- CreateIndex
CREATE INDEX "shipping_zone_countries_zone_id_idx" ON "shipping_zone_countries"("zone_id");

-- CreateIndex
CREATE UNIQUE INDEX "shipping_methods_zone_id_name_key" ON "shipping_methods"("zone_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "tax_classes_name_key" ON "tax_classes"("name");

-- CreateIndex
CREATE INDEX "tax_rates_tax_class_id_country_idx" ON "tax_rates"("tax_class_id", "country");

-- CreateIndex
CREATE INDEX "products_tax_class_id_idx" ON "products"("tax_class_id");

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_tax_class_id_fkey" FOREIGN KEY ("tax_class_id") REFERENCES "tax_classes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discount_code_uses" ADD CONSTRAINT "discount_code_uses_discount_code_id_fkey" FOREIGN KEY ("discount_code_id") REFERENCES "discount_codes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discount_code_uses" ADD CONSTRAINT "discount_code_uses_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipping_zone_countries" ADD CONSTRAINT "shipping_zone_countries_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "shipping_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipping_methods" ADD CONSTRAINT "shipping_methods_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "shipping_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_tax_class_id_fkey" FOREIGN KEY ("tax_class_id") REFERENCES "tax_classes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: what the Prisma schema language cannot declare (expression and partial unique
-- indexes, CHECK constraints), which the Prisma diff leaves alone.

-- Codes match case-insensitively, so two may not differ only in case.
CREATE UNIQUE INDEX "discount_codes_code_lower_key" ON "discount_codes" (lower("code"));
-- At most one default tax class.
CREATE UNIQUE INDEX "tax_classes_one_default_key" ON "tax_classes" ("is_default") WHERE "is_default";
-- One rate per class, country and region, and a whole-country rate (NULL region) counts once too.
CREATE UNIQUE INDEX "tax_rates_class_country_region_key" ON "tax_rates" ("tax_class_id", "country", (coalesce("region", '')));

ALTER TABLE "discount_codes" ADD CONSTRAINT "discount_codes_value_check" CHECK (
  CASE "type"
    WHEN 'PERCENTAGE' THEN "value" BETWEEN 100 AND 10000
    WHEN 'FIXED_AMOUNT' THEN "value" > 0
    ELSE "value" = 0
  END);
ALTER TABLE "discount_codes" ADD CONSTRAINT "discount_codes_limits_check" CHECK (
  coalesce("minimum_subtotal_amount", 0) >= 0
  AND coalesce("usage_limit", 1) >= 1
  AND coalesce("usage_limit_per_customer", 1) >= 1
  AND "times_used" >= 0
  AND ("starts_at" IS NULL OR "ends_at" IS NULL OR "ends_at" > "starts_at"));
ALTER TABLE "shipping_methods" ADD CONSTRAINT "shipping_methods_amounts_check" CHECK (
  "price_amount" >= 0
  AND coalesce("free_above_amount", 0) >= 0
  AND coalesce("min_delivery_days", 0) >= 0
  AND coalesce("max_delivery_days", 0) >= coalesce("min_delivery_days", 0));
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_rate_check" CHECK ("rate_basis_points" BETWEEN 0 AND 10000);
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_amounts_check" CHECK (
  "discount_amount" BETWEEN 0 AND "line_total_amount"
  AND "tax_rate_basis_points" BETWEEN 0 AND 10000
  AND "tax_amount" >= 0);

-- Existing orders had no discount and no tax: the defaults of the new columns keep them true to the
-- formula, which now includes both (tax is part of the total when prices included it).
ALTER TABLE "orders" DROP CONSTRAINT "orders_amounts_check";
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_check" CHECK (
  "subtotal_amount" >= 0
  AND "discount_amount" BETWEEN 0 AND "subtotal_amount"
  AND "shipping_amount" >= 0
  AND "tax_amount" >= 0
  AND "total_amount" = "subtotal_amount" - "discount_amount" + "shipping_amount"
                       + CASE WHEN "tax_included" THEN 0 ELSE "tax_amount" END);
