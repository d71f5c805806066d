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
