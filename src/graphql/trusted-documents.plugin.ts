import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { BazaarError, ErrorCode } from "./errors";

/** The trusted documents: SHA-256 (hex) of each document's exact text → that text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * Reads the manifest `npm run codegen` writes from client/operations (keys
 * `"sha256:<hex>"`, as GraphQL-over-HTTP persisted documents spell them, or bare hex).
 * Every entry is checked against its text, so a hand-edited or stale manifest stops
 * start-up instead of trusting a document under a hash that is not its own.
 */
export async function readTrustedDocuments(manifestPath: string): Promise<TrustedDocuments> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new Error(
      `cannot read the trusted-documents manifest ${manifestPath} (run \`npm run codegen\`): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `the trusted-documents manifest ${manifestPath} must be a JSON object of hash → document`,
    );
  }
  const documents = new Map<string, string>();
  for (const [key, text] of Object.entries(parsed)) {
    const hash = key.replace(/^sha256:/, "");
    if (typeof text !== "string" || sha256Hex(text) !== hash) {
      throw new Error(
        `the trusted-documents manifest ${manifestPath} is inconsistent: entry ${key} is not the SHA-256 of its document`,
      );
    }
    documents.set(hash, text);
  }
  return documents;
}

export function persistedQueryHash(extensions: Record<string, unknown> | undefined): string | undefined {
  const persistedQuery: unknown = extensions?.["persistedQuery"];
  if (typeof persistedQuery !== "object" || persistedQuery === null) return undefined;
  const hash: unknown = (persistedQuery as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === "string" ? hash : undefined;
}

/** The stable code of a refused document; Apollo Router uses the same for its safelist. */
export const untrustedDocumentCode = ErrorCode.PERSISTED_QUERY_NOT_IN_LIST;

/** The refusal of a document that is not in the manifest (HTTP and WebSocket alike). */
export function untrustedDocument(): BazaarError {
  return new BazaarError(
    untrustedDocumentCode,
    "This server only runs trusted documents, and this operation is not one of them: send an operation from the client SDK's manifest.",
    { http: { status: 400 } },
  );
}

/**
 * Safelist mode (`BAZAAR_TRUSTED_DOCUMENTS_ONLY`): only documents in the manifest run.
 *
 * - By hash (`extensions.persistedQuery.sha256Hash`, no text): a trusted document runs
 *   from the very first request; its text comes from the manifest, not the client. An
 *   unknown hash gets Apollo's `PERSISTED_QUERY_NOT_FOUND`, as in any APQ exchange.
 * - By text (with or without its hash): runs if the SHA-256 of the text is in the manifest.
 * - Anything else that is valid GraphQL is refused with `PERSISTED_QUERY_NOT_IN_LIST` (HTTP
 *   400) as soon as its operation is resolved: before any resolver runs. (Apollo gives
 *   plugins no earlier point that can answer with an error; parsing is bounded by
 *   `maxTokens`.) Text that is not valid GraphQL is refused by parsing or validation, as
 *   always. List this plugin before the limits plugin, so its refusal is the one reported.
 *   APQ registration is unaffected: Apollo registers a document only after this check
 *   passed, so its APQ cache can only ever hold trusted documents.
 */
export function trustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      // Runs before Apollo reads the request: supplying the trusted text here means a
      // hash-only request needs no APQ registration round trip.
      const hash = persistedQueryHash(request.extensions);
      if (request.query === undefined && hash !== undefined) {
        const text = documents.get(hash);
        if (text !== undefined) request.query = text;
      }
      return {
        async didResolveOperation({ queryHash }) {
          if (!documents.has(queryHash)) throw untrustedDocument();
        },
      };
    },
  };
}
