// The Bazaar SDK: the client, its error type, and a typed document (plus result and
// variable types) for every operation in client/operations/.
export {
  BazaarClient,
  createBazaarClient,
  type BazaarClientOptions,
  type VariablesArgument,
} from "./bazaar-client";
export { BazaarError, type BazaarErrorCode, type GraphQLErrorPayload } from "./bazaar-error";
export * from "./generated/graphql";
