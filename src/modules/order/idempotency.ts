import { createHash } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import { transactionOf, type Db, type Transactions } from "../../db/transactions";
import type { Prisma } from "../../generated/prisma/client";
import { badUserInput, conflict } from "../../graphql/errors";

export interface IdempotentRequest {
  /** Who may replay the key: keys of different callers never collide. */
  scope: string;
  operation: string;
  key: string;
  /** The request's input, canonicalised: the same key with other input is a CONFLICT. */
  input: unknown;
  ttlHours: number;
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

function hashInput(input: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(JSON.stringify(input)).digest());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Runs `work` at most once per idempotency key: in ONE transaction, the key is claimed
 * with an INSERT … ON CONFLICT DO NOTHING, the work runs, and its result is stored with
 * the key. A concurrent request with the same key blocks on that INSERT until the first
 * commits, then finds the stored result and returns it; if the first failed (rolled back),
 * the key was never taken and the retry runs the work itself. Failures are not stored.
 */
export async function runIdempotently<T extends Prisma.InputJsonValue>(
  transactions: Transactions,
  ctx: RequestContext,
  request: IdempotentRequest,
  work: (ctx: RequestContext) => Promise<T>,
): Promise<T> {
  if (!keyPattern.test(request.key)) {
    throw badUserInput(
      "idempotencyKey must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
      "idempotencyKey",
    );
  }
  const requestHash = hashInput(request.input);
  return transactions.withTransaction(
    ctx,
    async (ctx) => {
      const tx = transactionOf(ctx);
      const expiresAt = new Date(Date.now() + request.ttlHours * 3_600_000);
      const claimed = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO idempotency_keys (id, scope, operation, key, request_hash, expires_at)
        VALUES (gen_random_uuid(), ${request.scope}, ${request.operation}, ${request.key}, ${requestHash}, ${expiresAt})
        ON CONFLICT (scope, operation, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, response = NULL, completed_at = NULL, expires_at = EXCLUDED.expires_at
          -- An expired key (not yet swept) is free again; a live one is left alone.
          WHERE idempotency_keys.expires_at < now()
        RETURNING id`;
      const claim = claimed[0];
      if (!claim) {
        const stored = await tx.idempotencyKey.findUniqueOrThrow({
          where: {
            scope_operation_key: { scope: request.scope, operation: request.operation, key: request.key },
          },
          select: { requestHash: true, response: true },
        });
        if (!sameBytes(stored.requestHash, requestHash)) {
          throw conflict("This idempotencyKey was already used with different input.", "idempotencyKey");
        }
        return stored.response as T;
      }
      const result = await work(ctx);
      await tx.idempotencyKey.update({
        where: { id: claim.id },
        data: { response: result, completedAt: new Date() },
      });
      return result;
    },
    // Checkouts racing for the same rows queue on locks: give them room, not failures.
    { maxWait: 15_000, timeout: 30_000 },
  );
}

/**
 * Frees a key whose work was undone after the fact (e.g. a gateway refused the payment it
 * recorded), so a retry with the same key runs again instead of replaying the failure.
 */
export async function releaseIdempotencyKey(
  db: Db,
  request: Pick<IdempotentRequest, "scope" | "operation" | "key">,
): Promise<void> {
  await db.idempotencyKey.deleteMany({
    where: { scope: request.scope, operation: request.operation, key: request.key },
  });
}
