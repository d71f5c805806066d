import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, base64url: 43 characters. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export interface OpaqueToken {
  /** Handed to the client once; never stored. */
  token: string;
  /** What the database keeps: SHA-256 of the token. */
  hash: Uint8Array<ArrayBuffer>;
}

export function hashOpaqueToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

export function createOpaqueToken(): OpaqueToken {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOpaqueToken(token) };
}

export function isWellFormedOpaqueToken(token: string): boolean {
  return tokenPattern.test(token);
}
