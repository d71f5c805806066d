import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import type { Context } from "../context";
import { BazaarError, ErrorCode } from "./errors";

/** The first path in a JSON value at which a string holds a NUL character. */
function nulPathInValue(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPathInValue(item, `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPathInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function hasNul(node: ValueNode): boolean {
  if (node.kind === Kind.STRING) return node.value.includes("\u0000");
  if (node.kind === Kind.LIST) return node.values.some(hasNul);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => hasNul(field.value));
  return false;
}

/** The first argument whose literal holds a NUL character, or null. */
function nulArgumentInDocument(document: DocumentNode): string | null {
  let field: string | null = null;
  visit(document, {
    Argument(node) {
      if (!field && hasNul(node.value)) field = node.name.value;
    },
  });
  return field;
}

/**
 * PostgreSQL text cannot hold NUL, so a string with one fails deep in a query as a server
 * error. No field of Bazaar's has a use for it: refuse it up front, naming the field.
 */
export function nulGuardPlugin(): ApolloServerPlugin<Context> {
  // Apollo hands out one parsed document per query text, so its literals are scanned once.
  const literalsChecked = new WeakMap<DocumentNode, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let field: string | null = null;
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            field ??= nulPathInValue(value, name);
          }
          if (!literalsChecked.has(document)) literalsChecked.set(document, nulArgumentInDocument(document));
          field ??= literalsChecked.get(document) ?? null;
          if (field) {
            throw new BazaarError(ErrorCode.BAD_USER_INPUT, `${field} must not contain NUL characters.`, {
              field,
              http: { status: 400 },
            });
          }
        },
      };
    },
  };
}
