-- CreateTable
CREATE TABLE "test_gateway_payments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotency_key" TEXT NOT NULL,
    "provider_ref" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency_code" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_gateway_payments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "test_gateway_payments_idempotency_key_key" ON "test_gateway_payments"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "test_gateway_payments_provider_ref_key" ON "test_gateway_payments"("provider_ref");
