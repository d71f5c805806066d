/**
 * Polls `probe` until `done` holds or `timeoutMs` passes (then fails, showing the last
 * value): webhooks and emails are sent by background jobs (picked up by a poll, retried
 * after a backoff), so tests wait for their effect, never a fixed time.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`gave up after ${timeoutMs} ms waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
