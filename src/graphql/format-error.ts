import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { isDatabaseUnavailable } from "../db/unavailable";
import { rewriteVariableError } from "./variable-errors";
import { ErrorCode } from "./errors";

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** Flattens class-validator's nested failures into `path: message` pairs. */
function describeValidationFailures(failures: ValidationFailure[], prefix = ""): { field: string; message: string }[] {
  return failures.flatMap((failure) => {
    const field = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = Object.values(failure.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...describeValidationFailures(failure.children ?? [], field)];
  });
}

const clientErrorCodes = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  // Apollo's own, for requests it refuses before or while executing them:
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Codes of errors meant for the client: everything else is a fault of ours. */
export function isClientErrorCode(code: unknown): boolean {
  return typeof code === "string" && clientErrorCodes.has(code);
}

/**
 * What a client may see of an error. Errors Bazaar raised on purpose keep their message and
 * code; class-validator failures become one BAD_USER_INPUT naming each field (without
 * echoing the input back: it may hold a password); anything else is masked as
 * INTERNAL_SERVER_ERROR (and logged with its stack by the error-logging plugin).
 */
export function formatError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  if (!isClientErrorCode(formatted.extensions?.code) && isDatabaseUnavailable(unwrapResolverError(error))) {
    return {
      message: "The service is temporarily unavailable; try again shortly.",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  const code = formatted.extensions?.code;
  const validationErrors = formatted.extensions?.validationErrors as ValidationFailure[] | undefined;
  if (code === ErrorCode.BAD_USER_INPUT && validationErrors) {
    const fields = describeValidationFailures(validationErrors);
    return {
      message: `Invalid input: ${fields.map((f) => f.message).join("; ")}.`,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code, field: fields[0]?.field, fields },
    };
  }
  if (formatted.message === "provided sha does not match query") {
    // Apollo's APQ check answers a wrong hash without a code: it is the client's mistake.
    return { message: "The persisted query hash does not match the query text.", extensions: { code: ErrorCode.BAD_USER_INPUT, field: "extensions.persistedQuery.sha256Hash" } };
  }
  if (code === "GRAPHQL_PARSE_FAILED") {
    // Not a GraphQL document (or too big to parse): the client's input is at fault.
    const tooManyTokens = formatted.message.includes("tokens");
    return { ...formatted, extensions: { code: tooManyTokens ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_USER_INPUT } };
  }
  if (isClientErrorCode(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const variableError = rewriteVariableError(formatted.message, unwrapResolverError(error));
    if (variableError) return { ...formatted, message: variableError.message, extensions: { ...extensions, field: variableError.field } };
    return { ...formatted, extensions };
  }
  return {
    message: "Internal server error.",
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
