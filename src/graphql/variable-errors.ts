import { GraphQLError } from "graphql";

export interface RewrittenVariableError {
  message: string;
  /** The input path at fault, e.g. `filter.minPrice`. */
  field: string;
}

/**
 * graphql-js quotes a whole variable when it cannot coerce it:
 *   `Variable "$input" got invalid value { …, password: "…" } at "input.name"; <reason>`
 * That may echo a password. Keep the path and the reason, drop the echoed value. The reason
 * is taken from the error that caused it when there is one (it may itself contain "; ").
 */
export function rewriteVariableError(message: string, error: unknown): RewrittenVariableError | null {
  const head = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (!head) return null;
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  const reason =
    cause && message.endsWith(`; ${cause.message}`) ? cause.message : (/; ([^;]*)$/.exec(message)?.[1] ?? null);
  const beforeReason = reason === null ? message : message.slice(0, message.length - reason.length - 2);
  const path = /at "([^"]+)"$/.exec(beforeReason)?.[1] ?? head[1]!;
  return {
    message: `Variable "$${head[1]}" has an invalid value at "${path}"${reason ? `: ${reason}` : "."}`,
    field: path,
  };
}
