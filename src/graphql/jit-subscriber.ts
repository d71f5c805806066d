import {
  createSourceEventStream,
  subscribe,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { mapAsyncIterator } from "graphql/execution/mapAsyncIterator";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Compiled = CompiledQuery | "interpret";

/**
 * graphql-ws's `subscribe`, on graphql-jit: each subscription document is compiled once
 * (per DocumentNode: the admission shares one node per document text), and every event of
 * every subscriber runs the compiled function — a product change fans out to thousands of
 * executions of the same document. What graphql-jit cannot compile runs on graphql-js.
 *
 * The event stream is opened by graphql-js (`createSourceEventStream`): graphql-jit 0.8's
 * own `subscribe` hands the field's `subscribe` the operation's variables as its arguments,
 * which breaks whenever a variable is named otherwise than the argument.
 * Results may carry graphql-jit's errors: pass them through `withStandardErrors`.
 */
export function jitSubscriber(
  schema: GraphQLSchema,
): (args: ExecutionArgs) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
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

  return async (args) => {
    const entry = compiledFor(args.document, args.operationName ?? undefined);
    if (entry === "interpret") return subscribe(args);
    const events = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in events)) return events;
    return mapAsyncIterator(
      events,
      async (event: unknown) =>
        (await entry.query(event, args.contextValue, args.variableValues)) as ExecutionResult,
    );
  };
}
