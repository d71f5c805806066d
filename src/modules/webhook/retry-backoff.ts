/** The longest wait between two attempts of a delivery, however many failed. */
const maxDelayMs = 3_600_000;

/**
 * How long to wait after attempt `failedAttempt` (1-based) failed: `baseMs` doubled per
 * attempt, at most an hour, then ±25 % at random, so that deliveries that failed together
 * (a receiver that was down) do not all come back at the same moment.
 */
export function retryDelayMs(
  failedAttempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxDelayMs, baseMs * 2 ** (failedAttempt - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}
