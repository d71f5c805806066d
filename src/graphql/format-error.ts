import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { errorOrigin, originByCode } from "./error-origin";
import { ErrorCode } from "./errors";
import { isTokenLimitError } from "./token-limit";
import { rewriteVariableError } from "./variable-errors";

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** Flattens class-validator's nested failures into `path: message` pairs. */
function describeValidationFailures(
  failures: ValidationFailure[],
  prefix = "",
): { field: string; message: string }[] {
  return failures.flatMap((failure) => {
    const field = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = Object.values(failure.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...describeValidationFailures(failure.children ?? [], field)];
  });
}

/** One BAD_USER_INPUT naming each field, without echoing the input back: it may hold a password. */
function describeArgumentValidation(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const fields = describeValidationFailures(
    (formatted.extensions?.validationErrors ?? []) as ValidationFailure[],
  );
  return {
    message: `Invalid input: ${fields.map((f) => f.message).join("; ")}.`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: fields[0]?.field, fields },
  };
}

/** An error meant for the client: its message and code, never a stack trace or an echoed variable. */
function shown(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  if (extensions.code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED) {
    // Not a GraphQL document, or one over the token limit: the client's input either way.
    return {
      ...formatted,
      extensions: { code: isTokenLimitError(error) ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_USER_INPUT },
    };
  }
  const variableError = rewriteVariableError(error);
  if (variableError)
    return {
      ...formatted,
      message: variableError.message,
      extensions: { ...extensions, field: variableError.field },
    };
  return { ...formatted, extensions };
}

/**
 * What a client may see of an error, by where it came from (see error-origin.ts), never by
 * what its message says: errors Bazaar raised on purpose and Apollo's refusals of a request
 * keep their message and code; class-validator failures become one BAD_USER_INPUT; a
 * database that cannot be reached is SERVICE_UNAVAILABLE; anything else is masked as
 * INTERNAL_SERVER_ERROR (the error-logging plugin logs it with its stack and adds the
 * request id to the masked error).
 *
 * @param error the error as raised; Apollo always passes it (without it, the code decides)
 */
export function formatError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const path = formatted.path ? { path: formatted.path } : {};
  switch (error === undefined ? originByCode(formatted.extensions) : errorOrigin(error)) {
    case "bazaar":
    case "request":
      return shown(formatted, error);
    case "argument-validation":
      return describeArgumentValidation(formatted);
    case "database-unavailable":
      return {
        message: "The service is temporarily unavailable; try again shortly.",
        ...path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    case "unexpected":
      return {
        message: "Internal server error.",
        ...path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
  }
}
