import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, base64url: 43 characters. */
const randomPart = /^[A-Za-z0-9_-]{43}$/;

export interface OpaqueToken {
  /** Handed to the client once; never stored. */
  token: string;
  /** What the database keeps: SHA-256 of the token. */
  hash: Uint8Array<ArrayBuffer>;
}

export function hashOpaqueToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

/**
 * 256 random bits, after `prefix` (e.g. `bzc_` for API clients: a token found in a log or a
 * repository says what it is, and secret scanners can match it). The hash covers the prefix.
 */
export function createOpaqueToken(prefix = ""): OpaqueToken {
  const token = prefix + randomBytes(32).toString("base64url");
  return { token, hash: hashOpaqueToken(token) };
}

export function isWellFormedOpaqueToken(token: string, prefix = ""): boolean {
  return token.startsWith(prefix) && randomPart.test(token.slice(prefix.length));
}
