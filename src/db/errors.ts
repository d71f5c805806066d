import { Prisma } from "../generated/prisma/client";

/**
 * A unique constraint refused the write, optionally one naming `column` (or an index so
 * named): Prisma's P2002 from its query API, or a raw statement's failure (P2010) whose
 * driver error is a unique violation.
 */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code !== "P2002" && !(error.code === "P2010" && rawUniqueViolation(error.meta))) return false;
  if (column === undefined) return true;
  return JSON.stringify(error.meta ?? {}).includes(column);
}

function rawUniqueViolation(meta: Record<string, unknown> | undefined): boolean {
  const driverError = meta?.["driverAdapterError"] as { cause?: { kind?: unknown } } | undefined;
  return driverError?.cause?.kind === "UniqueConstraintViolation";
}
