import { createHash } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import { transactionOf, type Db, type Transactions } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
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

/** @throws BAD_USER_INPUT naming `idempotencyKey` for a key that is not 1–255 visible ASCII characters. */
export function requireValidKey(request: IdempotentRequest): void {
  if (!keyPattern.test(request.key)) {
    throw badUserInput(
      "idempotencyKey must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
      "idempotencyKey",
    );
  }
}

function hashInput(input: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(JSON.stringify(input)).digest());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * `INSERT … RETURNING id` claiming the key with its response, for each row of `source` (a
 * FROM item; none: claimed unconditionally) — a statement of its own or a CTE of a larger
 * one. The response is stored with the claim: the work's ids are made before it runs, and a
 * claim whose work fails is rolled back with it, so only a finished answer is ever read back.
 * A request with the same key blocks on the INSERT until the claimer commits or rolls back;
 * then it returns no row (read the answer with `storedResponse`) or claims the key itself.
 */
export function claimKeySql(
  request: IdempotentRequest,
  response: Prisma.InputJsonValue,
  source: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const expiresAt = new Date(Date.now() + request.ttlHours * 3_600_000);
  return Prisma.sql`
    INSERT INTO idempotency_keys (id, scope, operation, key, request_hash, response, completed_at, expires_at)
    SELECT gen_random_uuid(), ${request.scope}, ${request.operation}, ${request.key},
           ${hashInput(request.input)}, ${JSON.stringify(response)}::jsonb, now(), ${expiresAt}
    ${source === Prisma.empty ? Prisma.empty : Prisma.sql`FROM ${source}`}
    ON CONFLICT (scope, operation, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response,
          completed_at = EXCLUDED.completed_at, expires_at = EXCLUDED.expires_at
      -- An expired key (not yet swept) is free again; a live one is left alone.
      WHERE idempotency_keys.expires_at < now()
    RETURNING id`;
}

/**
 * The answer stored with a live key, null when the key is free.
 * @throws CONFLICT naming `idempotencyKey` when the key was used with other input.
 */
export async function storedResponse<T extends Prisma.InputJsonValue>(
  db: Db,
  request: IdempotentRequest,
): Promise<T | null> {
  // Live by the database's clock, as the claim judges it.
  const [stored] = await db.$queryRaw<{ requestHash: Uint8Array; response: T }[]>`
    SELECT request_hash AS "requestHash", response FROM idempotency_keys
    WHERE scope = ${request.scope} AND operation = ${request.operation} AND key = ${request.key}
      AND expires_at >= now()`;
  if (!stored) return null;
  if (!sameBytes(stored.requestHash, hashInput(request.input))) {
    throw conflict("This idempotencyKey was already used with different input.", "idempotencyKey");
  }
  return stored.response;
}

/**
 * Runs `work` at most once per idempotency key, in ONE transaction with the key's claim
 * (`claimKeySql`, storing `response`, which the work must make true). A concurrent request
 * with the same key waits for the first to commit and replays its response; if the first
 * failed (rolled back), the key was never taken and the retry runs the work itself. Returns
 * the response, and what the work returned when it ran (null for a replay).
 */
export async function runIdempotently<T extends Prisma.InputJsonValue, R>(
  transactions: Transactions,
  ctx: RequestContext,
  request: IdempotentRequest,
  response: T,
  work: (ctx: RequestContext, response: T) => Promise<R>,
): Promise<{ response: T; result: R | null }> {
  requireValidKey(request);
  return transactions.withTransaction(
    ctx,
    async (ctx) => {
      const tx = transactionOf(ctx);
      const claimed = await tx.$queryRaw<{ id: string }[]>(claimKeySql(request, response));
      if (claimed.length > 0) return { response, result: await work(ctx, response) };
      const stored = await storedResponse<T>(tx, request);
      // The claim found the key live a moment ago: only its expiry since could free it.
      if (stored === null)
        throw conflict("The idempotencyKey expired meanwhile; try again.", "idempotencyKey");
      return { response: stored, result: null };
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
