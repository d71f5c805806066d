/** Codes and messages by which the driver stack says "the database is not there". */
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000", // connection_exception
  "08003", // connection_does_not_exist
  "08006", // connection_failure
  "P1001", // Prisma: can't reach database server
  "P1002", // Prisma: server timed out
  "P1017", // Prisma: server closed the connection
  "P2024", // Prisma: timed out waiting for a pool connection
]);

const unavailableMessages = [
  /connection terminated/i,
  /connection timeout/i,
  /can't reach database/i,
  /server closed the connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

/**
 * Whether an error (or any error in its `cause` chain) means the database cannot be
 * reached right now: such failures are the service's, temporary, and answered with
 * SERVICE_UNAVAILABLE rather than masked as an internal bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    for (const code of [candidate.code, candidate.originalCode]) {
      if (typeof code === "string" && unavailableCodes.has(code)) return true;
    }
    if (typeof candidate.message === "string" && unavailableMessages.some((pattern) => pattern.test(candidate.message as string))) return true;
    current = candidate.cause;
  }
  return false;
}
