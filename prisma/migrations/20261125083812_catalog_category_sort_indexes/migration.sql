-- CreateIndex
CREATE INDEX "products_category_id_min_price_amount_id_idx" ON "products"("category_id", "min_price_amount", "id");

-- CreateIndex
CREATE INDEX "products_category_id_name_id_idx" ON "products"("category_id", "name", "id");

-- CreateIndex
CREATE INDEX "products_category_id_rating_average_id_idx" ON "products"("category_id", "rating_average" DESC, "id" DESC);
