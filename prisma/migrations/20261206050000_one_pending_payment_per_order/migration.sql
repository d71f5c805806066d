-- Hand-written: a partial unique index, which the Prisma schema language cannot declare and
-- its diff leaves alone.

-- One payment attempt at a time per order: `payOrder` records its intent in one statement,
-- and this index (not a count read before the insert, which a statement cannot re-read after
-- waiting for the order's lock) is what refuses a second PENDING payment, racing or not.
CREATE UNIQUE INDEX "payments_one_pending_per_order" ON "payments" ("order_id") WHERE "status" = 'PENDING';
