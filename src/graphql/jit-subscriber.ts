import {
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * Resolves the events of one subscription operation (its document, variables and context
 * fixed by `args`): the event is the root value, as in graphql-js's own `subscribe`.
 */
export type EventExecutor = (args: ExecutionArgs) => (event: unknown) => Promise<ExecutionResult>;

/** graphql-js walks the document for every event. */
export const interpretedEvents: EventExecutor = (args) => async (event) =>
  execute({ ...args, rootValue: event });

type Compiled = CompiledQuery | "interpret";

/**
 * Events resolved by graphql-jit: each subscription document is compiled once (per
 * DocumentNode: the admission shares one node per document text), and every event runs the
 * compiled function. What graphql-jit cannot compile runs on graphql-js.
 *
 * Only execution is graphql-jit's: the event stream is opened by graphql-js
 * (`createSourceEventStream`), since graphql-jit 0.8's own `subscribe` hands the field's
 * `subscribe` the operation's variables as its arguments, which breaks whenever a variable
 * is named otherwise than the argument.
 * Results may carry graphql-jit's errors: pass them through `withStandardErrors`.
 */
export function jitEvents(schema: GraphQLSchema): EventExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();

  function compiledFor(document: DocumentNode, operationName: string | undefined): Compiled {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let entry = byName.get(operationName ?? "");
    if (!entry) {
      try {
        const query = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
        entry = isCompiledQuery(query) ? query : "interpret";
      } catch {
        entry = "interpret";
      }
      byName.set(operationName ?? "", entry);
    }
    return entry;
  }

  return (args) => {
    const entry = compiledFor(args.document, args.operationName ?? undefined);
    if (entry === "interpret") return interpretedEvents(args);
    return async (event) =>
      (await entry.query(event, args.contextValue, args.variableValues)) as ExecutionResult;
  };
}
