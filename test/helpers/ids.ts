/** Global ids, written independently of src: base64 of `<Type>:<key>`. */
export function globalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, "utf8").toString("base64");
}

/** The database key inside a global id. */
export function keyOf(id: string): string {
  return Buffer.from(id, "base64").toString("utf8").split(":")[1] ?? "";
}
