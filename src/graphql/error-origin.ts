import { ApolloServerErrorCode } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { isDatabaseUnavailable } from "../db/unavailable";
import { BazaarError, ErrorCode } from "./errors";

/**
 * Where an error came from, which decides what a client sees of it (envelop's
 * `useMaskedErrors` is the model: only errors raised on purpose are shown).
 */
export type ErrorOrigin =
  /** A `BazaarError`: raised on purpose, shown as is. */
  | "bazaar"
  /** type-graphql's class-validator failure on an argument: the client's input. */
  | "argument-validation"
  /** Apollo or graphql-js refused the request before running it (parse, validation, variables, APQ). */
  | "request"
  /** The database cannot be reached right now: temporary, the service's. */
  | "database-unavailable"
  /** Anything else: a fault of ours, masked. */
  | "unexpected";

/**
 * The codes Apollo gives the errors it raises itself. Its error classes are internal, so
 * the code is how they are told apart — and only on an error without a `path`: one raised
 * while executing came from a resolver, whatever code it carries.
 */
const requestErrorCodes: ReadonlySet<unknown> = new Set(
  Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
);

function isRequestError(error: unknown): boolean {
  return (
    error instanceof GraphQLError && error.path === undefined && requestErrorCodes.has(error.extensions.code)
  );
}

/**
 * The origin of an error as Apollo hands it to `formatError` (or to a plugin): a resolver's
 * error, or one Apollo wrapped (context, plugins), is judged by what was thrown.
 */
export function errorOrigin(error: unknown): ErrorOrigin {
  const thrown = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (thrown instanceof BazaarError || error instanceof BazaarError) return "bazaar";
  if (thrown instanceof ArgumentValidationError) return "argument-validation";
  if (isRequestError(error)) return "request";
  if (isDatabaseUnavailable(thrown)) return "database-unavailable";
  return "unexpected";
}

const bazaarCodes: ReadonlySet<unknown> = new Set(
  Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
);

/**
 * For a caller holding only the formatted error (Apollo always hands over the error itself):
 * then the code is all there is to go by.
 */
export function originByCode(extensions: GraphQLFormattedError["extensions"]): ErrorOrigin {
  const code = extensions?.code;
  if (code === ErrorCode.BAD_USER_INPUT && extensions?.validationErrors) return "argument-validation";
  if (bazaarCodes.has(code)) return "bazaar";
  if (requestErrorCodes.has(code)) return "request";
  return "unexpected";
}
