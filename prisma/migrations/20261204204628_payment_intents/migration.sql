-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "refund_pending_since" TIMESTAMPTZ(3),
ALTER COLUMN "provider_ref" DROP NOT NULL;
