import type {
  GatewayExecutor,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from "@apollo/server-gateway-interface";
import {
  GraphQLError,
  execute,
  getVariableValues,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type SourceLocation,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

export interface JitExecutorOptions {
  /** Compiled operations kept (least recently used dropped first). */
  cacheSize: number;
  /** Executions of a document by graphql-js before it is compiled: one-off queries never pay for a compile. */
  compileAfter: number;
}

interface CacheEntry {
  runs: number;
  compiled: CompiledQuery | "interpret" | null;
}

/**
 * Executes operations with graphql-jit: a validated document is compiled once into a
 * function that resolves exactly its selection, instead of graphql-js walking the AST for
 * every field of every request — most of a listing's CPU is spent per field.
 *
 * Apollo Server accepts another executor only through its gateway interface, so this is a
 * gateway that serves one local schema. Apollo still parses, validates and runs every plugin
 * (limits, cost, trusted documents) before execution; only `execute` is replaced.
 *
 * Variables are coerced by graphql-js first: its error messages are the ones the rest of the
 * stack (variable-error rewriting, Apollo's 400 for bad variables) understands.
 */
/**
 * graphql-jit's errors only look like graphql-js's: `extensions` may be missing, which
 * Apollo's error formatting does not survive. Rebuilt as graphql-js errors with the same
 * message, locations, path, cause and extensions.
 */
export function withStandardErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const standard = new GraphQLError(error.message, {
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    });
    // Locations come from nodes in graphql-js; graphql-jit computed them already.
    (standard as { locations?: readonly SourceLocation[] }).locations = error.locations;
    return standard;
  });
  return { ...result, errors };
}

export interface JitGateway extends GatewayInterface {
  /** Operations compiled and still cached (for tests and diagnostics). */
  compiledCount(): number;
}

export function jitGateway(schema: GraphQLSchema, options: JitExecutorOptions): JitGateway {
  const cache = new Map<string, CacheEntry>();

  function entryFor(key: string): CacheEntry {
    let entry = cache.get(key);
    if (entry) {
      // Re-inserting moves the key to the end: Map iteration order is the LRU order.
      cache.delete(key);
    } else {
      entry = { runs: 0, compiled: null };
      if (cache.size >= options.cacheSize) cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, entry);
    return entry;
  }

  /** The compiled operation, or "interpret" when graphql-jit cannot compile it (graphql-js runs it instead, for good). */
  function compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | "interpret" {
    try {
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      return isCompiledQuery(compiled) ? compiled : "interpret";
    } catch {
      return "interpret";
    }
  }

  const executor: GatewayExecutor = async (request) => {
    const { document, operation, queryHash } = request;
    const variables = request.request.variables ?? {};
    // As the client sent it: `request.operationName` is the name of the operation Apollo resolved.
    const operationName = request.request.operationName ?? undefined;
    const interpret = () =>
      execute({ schema, document, contextValue: request.context, variableValues: variables, operationName });
    // No operation (unknown or ambiguous name): graphql-js answers with Apollo's expected error.
    if (!operation) return interpret();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };

    const entry = entryFor(`${queryHash}:${operationName ?? ""}`);
    entry.runs += 1;
    if (!entry.compiled && entry.runs > options.compileAfter)
      entry.compiled = compile(document, operationName);
    if (entry.compiled && entry.compiled !== "interpret")
      return withStandardErrors(
        (await entry.compiled.query(undefined, request.context, variables)) as ExecutionResult,
      );
    return interpret();
  };

  let onLoad: GatewaySchemaLoadOrUpdateCallback | null = null;
  return {
    compiledCount: () =>
      [...cache.values()].filter((entry) => entry.compiled && entry.compiled !== "interpret").length,
    onSchemaLoadOrUpdate(callback) {
      onLoad = callback;
      return () => {
        onLoad = null;
      };
    },
    async load() {
      onLoad?.({ apiSchema: schema, coreSupergraphSdl: "" });
      return { executor };
    },
    async stop() {
      cache.clear();
    },
  };
}
