-- AlterTable
ALTER TABLE "carts" ADD COLUMN     "discount_code_id" UUID;

-- AddForeignKey
ALTER TABLE "carts" ADD CONSTRAINT "carts_discount_code_id_fkey" FOREIGN KEY ("discount_code_id") REFERENCES "discount_codes"("id") ON DELETE SET NULL ON UPDATE CASCADE;
