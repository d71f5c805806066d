-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "action" TEXT NOT NULL,
    "actor_id" UUID,
    "api_client_id" UUID,
    "subject_type" TEXT,
    "subject_key" UUID,
    "changes" JSONB NOT NULL,
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_entries_created_at_id_idx" ON "audit_entries"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_subject_key_created_at_id_idx" ON "audit_entries"("subject_key", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_action_created_at_id_idx" ON "audit_entries"("action", "created_at" DESC, "id" DESC);

-- Append-only in the database itself: whatever runs as the app's role (a bug, an injected
-- statement, a console session) cannot rewrite or erase the trail. A statement-level trigger
-- also covers an UPDATE or DELETE that matches no row, and TRUNCATE (which row triggers miss).
-- The function body is an escape string with \073 for its semicolon: the migration runner
-- splits a script into statements at semicolons, dollar quotes included.
CREATE FUNCTION "audit_entries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''audit_entries is append-only: % refused'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END';

CREATE TRIGGER "audit_entries_append_only"
BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entries"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_refuse_change"();
