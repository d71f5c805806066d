import { Prisma } from "../generated/prisma/client";

/** A unique constraint refused the write (Prisma P2002), optionally on a given column. */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (column === undefined) return true;
  return JSON.stringify(error.meta ?? {}).includes(column);
}
