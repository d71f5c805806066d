import { getOperationAST, print, type DocumentNode } from "graphql";
import manifest from "./generated/persisted-documents.json";

/** A document as it travels: its exact text and the SHA-256 (hex) of that text. */
export interface PersistedDocument {
  operationName: string | null;
  text: string;
  sha256Hash: string;
}

/** Keys are "sha256:<hex>" (GraphQL-over-HTTP persisted documents); APQ wants the hex. */
const hashPrefix = "sha256:";
const manifestTexts: Readonly<Record<string, string>> = manifest;

function embeddedHash(document: DocumentNode): string | undefined {
  // The client preset embeds `__meta__.hash` in every generated document node.
  const meta: unknown = (document as { __meta__?: unknown }).__meta__;
  if (typeof meta !== "object" || meta === null) return undefined;
  const hash: unknown = (meta as { hash?: unknown }).hash;
  return typeof hash === "string" ? hash : undefined;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const resolved = new WeakMap<DocumentNode, Promise<PersistedDocument>>();

/**
 * The text and hash to send for a document. Generated documents use the manifest's text,
 * byte for byte: the server's trusted-documents list holds the hash of exactly that text,
 * and `print()` would lay it out differently. Other documents are printed and hashed here.
 */
export function persistedDocument(document: DocumentNode): Promise<PersistedDocument> {
  let result = resolved.get(document);
  if (!result) {
    result = resolve(document);
    resolved.set(document, result);
  }
  return result;
}

async function resolve(document: DocumentNode): Promise<PersistedDocument> {
  const operationName = getOperationAST(document)?.name?.value ?? null;
  const hash = embeddedHash(document);
  const text = hash === undefined ? undefined : manifestTexts[hash];
  if (hash !== undefined && text !== undefined && hash.startsWith(hashPrefix)) {
    return { operationName, text, sha256Hash: hash.slice(hashPrefix.length) };
  }
  const printed = print(document);
  return { operationName, text: printed, sha256Hash: await sha256Hex(printed) };
}
