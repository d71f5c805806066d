import { createHash } from "node:crypto";
import type { GraphQLRequest } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "./errors";

/**
 * Whether Apollo will refuse this request's automatic persisted query because the hash does
 * not match the text. Apollo raises that as a bare GraphQLError with no code — alike, but for
 * its message, to its "unsupported version" one — so Bazaar checks the request itself, as
 * Apollo does: version 1, with the query text, whose SHA-256 is not the hash sent.
 */
export function isPersistedQueryHashMismatch(request: GraphQLRequest): boolean {
  const persisted = request.extensions?.persistedQuery as
    { version?: unknown; sha256Hash?: unknown } | undefined;
  if (persisted?.version !== 1 || typeof request.query !== "string") return false;
  return createHash("sha256").update(request.query).digest("hex") !== persisted.sha256Hash;
}

/** What the client gets instead: its mistake, naming the field at fault. */
export function persistedQueryHashMismatch(): GraphQLFormattedError {
  return {
    message: "The persisted query hash does not match the query text.",
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: "extensions.persistedQuery.sha256Hash" },
  };
}
