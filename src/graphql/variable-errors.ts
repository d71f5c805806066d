import { GraphQLError, Kind } from "graphql";

export interface RewrittenVariableError {
  message: string;
  /** The input path at fault, e.g. `filter.minPrice`. */
  field: string;
}

/**
 * graphql-js's error for a variable value it could not coerce, told by its shape: located on
 * the variable's definition and caused by the coercion failure (Apollo's wrapper keeps both).
 * Its other variable errors ("was not provided", "must not be null") have no cause of their
 * own — Apollo's wrapper then names the very error it wraps.
 */
function coercionFailure(error: unknown): { variable: string; reason: Error; message: string } | null {
  if (!(error instanceof GraphQLError)) return null;
  const node = error.nodes?.[0];
  const reason = error.originalError;
  if (node?.kind !== Kind.VARIABLE_DEFINITION || !reason) return null;
  if (reason instanceof GraphQLError && reason.nodes?.[0] === node) return null;
  return { variable: node.variable.name.value, reason, message: error.message };
}

/**
 * graphql-js quotes a whole variable when it cannot coerce it:
 *   `Variable "$input" got invalid value { …, password: "…" } at "input.name"; <reason>`
 * That may echo a password. Keep the path and the reason, drop the echoed value. graphql-js
 * keeps the path nowhere but in that text, printed last before `; <reason>` (the cause's own
 * message): it is read from there; without it, the variable as a whole is at fault.
 */
export function rewriteVariableError(error: unknown): RewrittenVariableError | null {
  const failure = coercionFailure(error);
  if (!failure) return null;
  const { variable, reason, message } = failure;
  const suffix = `; ${reason.message}`;
  const beforeReason = message.endsWith(suffix) ? message.slice(0, -suffix.length) : "";
  // GraphQL names are [_A-Za-z0-9]: safe in a pattern.
  const path = new RegExp(`at "(${variable}[^"]*)"$`).exec(beforeReason)?.[1] ?? variable;
  return {
    message: `Variable "$${variable}" has an invalid value at "${path}": ${reason.message}`,
    field: path,
  };
}
