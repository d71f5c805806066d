import { createHash } from "node:crypto";
import { BazaarError } from "../../client";

/** The BazaarError a request failed with; fails the test if it succeeded or failed otherwise. */
export async function bazaarErrorOf(request: Promise<unknown>): Promise<BazaarError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof BazaarError) return error;
    throw error;
  }
  throw new Error("expected the request to fail with a BazaarError, but it succeeded");
}

/** What the SDK put on the wire for one request. */
export interface SentRequest {
  operationName: string | null;
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: { persistedQuery?: { version: number; sha256Hash: string } };
}

/** A `fetch` that forwards to the real one and remembers every request body sent. */
export function recordingFetch(): { fetch: typeof globalThis.fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetchAndRecord: typeof globalThis.fetch = (input, init) => {
    if (typeof init?.body === "string") sent.push(JSON.parse(init.body) as SentRequest);
    return globalThis.fetch(input, init);
  };
  return { fetch: fetchAndRecord, sent };
}

/** POSTs a raw GraphQL-over-HTTP body (for requests the SDK would never send). */
export async function postRaw(
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<{
  status: number;
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // `extensions` (the cost report) is left out, so tests can compare whole answers.
  const { data, errors } = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    ...(data === undefined ? {} : { data }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/** The `persistedQuery` extension naming `query` by its hash. */
export function persistedQueryOf(query: string): { version: 1; sha256Hash: string } {
  return { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
}

/**
 * Apollo stores a persisted query's hash without waiting for the store (a failed store is a
 * miss the client repairs by sending the text again): registers `query` (which must answer
 * `{ categories: [] }`) at `registerAt`, then asks `serveAt` for its hash alone, until it
 * knows it (or 5 s pass). Returns the last answer of `serveAt`.
 */
export async function registerUntilServed(registerAt: string, serveAt: string, query: string) {
  const persistedQuery = persistedQueryOf(query);
  const deadline = Date.now() + 5_000;
  let served: Awaited<ReturnType<typeof postRaw>>;
  do {
    expect(await postRaw(registerAt, { query, extensions: { persistedQuery } })).toEqual({
      status: 200,
      data: { categories: [] },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    served = await postRaw(serveAt, { extensions: { persistedQuery } });
  } while (served.errors && Date.now() < deadline);
  return served;
}
