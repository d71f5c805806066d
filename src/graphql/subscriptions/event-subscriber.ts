import { createSourceEventStream, GraphQLError, type ExecutionArgs, type ExecutionResult } from "graphql";
import { mapAsyncIterator } from "graphql/execution/mapAsyncIterator";
import type { Context } from "../../context";
import type { EventExecutor } from "../jit-subscriber";
import { rootFieldOf, sharingKey } from "./result-sharing";

/** Where a subscriber's result of an event came from. */
export type ResultSource = "executed" | "shared";

export interface EventSubscriberOptions {
  executor: EventExecutor;
  /** Each result handed to a subscriber, by subscription field (for metrics). */
  onResult(field: string, source: ResultSource): void;
}

/**
 * graphql-ws's `subscribe`: opens the subscription's event stream, then for each event and
 * each subscriber
 * 1. renews the subscriber's viewer (`context.live.nextEvent`): a session revoked meanwhile
 *    closes that socket, whoever else shares the event's result;
 * 2. takes the result from the execution of another subscriber of the same event with the
 *    same sharing key (`sharingKey`: same document, variables and viewer class, on a field
 *    declared shareable), or executes it and offers it to the next ones.
 *
 * WHY: a product change reaches thousands of subscribers of the same document; executing
 * it for each costs ~0.1 ms of CPU per subscriber, all on the event loop at once, and the
 * results are identical. Sharing is keyed on the event object itself: an announcement
 * arrives as one object for every listener of this node (in-process, or parsed once from
 * Redis), and is forgotten with it (a WeakMap). The event's loaders are shared by its
 * subscribers already, so an execution shared is what each would have computed anyway.
 * The first event (the current state) is an object per subscriber: never shared.
 */
export function eventSubscriber({
  executor,
  onResult,
}: EventSubscriberOptions): (
  args: ExecutionArgs,
) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  /** The result of `event` for `key`: run now (the first subscriber to ask) or already running. */
  function sharedResult(
    event: object,
    key: string,
    run: () => Promise<ExecutionResult>,
  ): { result: Promise<ExecutionResult>; source: ResultSource } {
    let byKey = executions.get(event);
    if (!byKey) executions.set(event, (byKey = new Map()));
    const running = byKey.get(key);
    if (running) return { result: running, source: "shared" };
    const result = run();
    byKey.set(key, result);
    return { result, source: "executed" };
  }

  return async (args) => {
    const events = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in events)) return events;
    const execute = executor(args);
    const context = args.contextValue as Context;
    const field = rootFieldOf(args) ?? "other";
    return mapAsyncIterator(events, async (event: unknown): Promise<ExecutionResult> => {
      if (typeof event !== "object" || event === null) throw new TypeError("A change event is an object");
      try {
        await context.live?.nextEvent(event);
      } catch (error) {
        // The socket is closed already (revoked session, database away): this is its last word.
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const key = sharingKey(args, context.request.viewer);
      const { result, source } =
        key === null
          ? { result: execute(event), source: "executed" as const }
          : sharedResult(event, key, () => execute(event));
      onResult(field, source);
      return result;
    });
  };
}
