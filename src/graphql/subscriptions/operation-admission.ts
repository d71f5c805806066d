import { ApolloServerErrorCode } from "@apollo/server/errors";
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { getVariableValues } from "graphql/execution/values";
import type { SubscribePayload } from "graphql-ws";
import type { RequestContext } from "../../common/request-context";
import { BazaarError, badUserInput, ErrorCode } from "../errors";
import type { OperationLimits } from "../limits/operation-limits";
import {
  persistedQueryHash,
  sha256Hex,
  untrustedDocument,
  type TrustedDocuments,
} from "../trusted-documents.plugin";

export interface AdmissionRules {
  schema: GraphQLSchema;
  limits: OperationLimits;
  maxTokens: number;
  /** Trusted-documents mode: the only documents that run (null: any document). */
  trustedDocuments: TrustedDocuments | null;
}

export interface AdmittedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/** Valid documents kept by text (the oldest dropped first). */
const validDocumentsKept = 1000;

/** The document for `text`, or graphql-js's refusals of it. */
function validDocument(
  rules: AdmissionRules,
  validDocuments: Map<string, DocumentNode>,
  text: string,
): DocumentNode | readonly GraphQLError[] {
  const known = validDocuments.get(text);
  if (known) return known;
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: rules.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError)
      return [requestError(error, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)];
    throw error;
  }
  const invalid = validate(rules.schema, document);
  if (invalid.length > 0)
    return invalid.map((error) => requestError(error, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED));
  if (validDocuments.size >= validDocumentsKept) validDocuments.delete(validDocuments.keys().next().value!);
  validDocuments.set(text, document);
  return document;
}

/** A refusal graphql-js raised, marked with the code Apollo gives the same refusal over HTTP. */
function requestError(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error,
    extensions: { code },
  });
}

/** The document's text: the one sent, or in trusted-documents mode the manifest's for a known hash. */
function documentText(payload: SubscribePayload, trusted: TrustedDocuments | null): string {
  if (payload.query) return payload.query;
  const hash = persistedQueryHash(payload.extensions ?? undefined);
  const text = hash === undefined ? undefined : trusted?.get(hash);
  if (text !== undefined) return text;
  throw badUserInput(
    "Send the operation's text (`query`); over WebSocket a hash alone is known only in trusted-documents mode.",
    "query",
  );
}

/**
 * What a subscription document meets before it runs, in the order HTTP applies it: parsing
 * (within the token limit), validation, the trusted-documents list, then the shape, cost
 * and budget limits (`OperationLimits`, the same code the HTTP path runs). Only
 * subscriptions come this way: queries and mutations go over HTTP.
 *
 * @returns the operation, or the errors to send instead (formatted by the caller)
 */
async function admitOperation(
  rules: AdmissionRules,
  validDocuments: Map<string, DocumentNode>,
  payload: SubscribePayload,
  request: RequestContext,
): Promise<AdmittedOperation | readonly GraphQLError[]> {
  try {
    const text = documentText(payload, rules.trustedDocuments);
    const document = validDocument(rules, validDocuments, text);
    if (!("kind" in document)) return document;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation)
      return [
        badUserInput("The document has no operation of that name (or several and no name).", "operationName"),
      ];
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
      return [
        badUserInput(`Send ${operation.operation}s over HTTP; this socket runs subscriptions.`, "query"),
      ];
    if (rules.trustedDocuments && !rules.trustedDocuments.has(sha256Hex(text))) return [untrustedDocument()];
    const coerced = getVariableValues(
      rules.schema,
      operation.variableDefinitions ?? [],
      payload.variables ?? {},
    );
    if (coerced.errors)
      return coerced.errors.map((error) => requestError(error, ApolloServerErrorCode.BAD_USER_INPUT));
    const variables = payload.variables ?? {};
    const { refusal } = await rules.limits.admit({
      operation,
      document,
      schema: rules.schema,
      variables,
      request,
    });
    if (refusal) return [refusal];
    return { document, operation, variables };
  } catch (error) {
    if (error instanceof BazaarError) return [error];
    throw error;
  }
}

/**
 * `admitOperation` with the valid documents remembered by text: parsed and validated once,
 * and one DocumentNode shared by every subscriber of the same text (so graphql-jit compiles
 * it once).
 */
export class OperationAdmission {
  private readonly validDocuments = new Map<string, DocumentNode>();

  constructor(readonly rules: AdmissionRules) {}

  admit(
    payload: SubscribePayload,
    request: RequestContext,
  ): Promise<AdmittedOperation | readonly GraphQLError[]> {
    return admitOperation(this.rules, this.validDocuments, payload, request);
  }
}

/** Over the per-socket cap: this operation is refused, the others keep running. */
export function tooManySubscriptions(maximum: number): BazaarError {
  return new BazaarError(
    ErrorCode.RATE_LIMITED,
    `This connection already runs ${maximum} subscriptions, the most one may: complete one first, or open another connection.`,
    { limit: "maxSubscriptionsPerSocket", maximum },
  );
}
