import { badUserInput } from "./errors";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Relay global ids: base64 of `<Type>:<uuid>`. Opaque to clients, and self-describing so
 * `node(id)` can route them and a `Product` id passed where an `Address` id belongs is
 * refused before any query runs.
 */
export function toGlobalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, "utf8").toString("base64");
}

export interface DecodedGlobalId {
  typeName: string;
  key: string;
}

/** Decodes any well-formed global id; null when it is not one. */
export function parseGlobalId(id: string): DecodedGlobalId | null {
  if (id.length > 200 || !/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return null;
  const decoded = Buffer.from(id, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator <= 0) return null;
  const typeName = decoded.slice(0, separator);
  const key = decoded.slice(separator + 1);
  if (!/^[A-Za-z]+$/.test(typeName) || !uuidPattern.test(key)) return null;
  return { typeName, key };
}

/**
 * The database key inside a global id of the expected type.
 * @throws BAD_USER_INPUT naming `field` when the id is malformed or of another type.
 */
export function keyFromGlobalId(id: string, typeName: string, field: string): string {
  const decoded = parseGlobalId(id);
  if (!decoded || decoded.typeName !== typeName) {
    throw badUserInput(`${field} is not a valid ${typeName} id.`, field);
  }
  return decoded.key;
}
