-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN     "trace" JSONB;

-- Written by hand (the Prisma schema language has no partial or expression index): the
-- deliveries still to attempt, by when they are due. Workers claim from it with
-- FOR UPDATE SKIP LOCKED. It holds only PENDING rows, so it stays as small as the backlog.
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ((coalesce("next_attempt_at", "created_at"))) WHERE "status" = 'PENDING';
