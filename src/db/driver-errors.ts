import { types } from "node:util";
import {
  isDriverAdapterError,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";

/**
 * An error from the `pg` driver that Prisma's adapter passed through unclassified. The
 * adapter turns what it recognises (SQLSTATEs, socket errors) into a `DriverAdapterError`;
 * everything else — pg's and pg-pool's plain `Error`s for a lost connection, an ended pool,
 * a connect timeout — reaches Prisma's caller as thrown. Wrapped where it leaves the adapter,
 * so that "the driver said so" is a class and not a guess from the words (`cause` is pg's).
 */
export class DriverError extends Error {
  override readonly name = "DriverError";

  constructor(cause: unknown) {
    super(types.isNativeError(cause) ? cause.message : String(cause), { cause });
  }
}

/** What a failed call throws instead: classified errors as they are, the rest wrapped. */
function rethrowClassified(error: unknown): never {
  throw isDriverAdapterError(error) ? error : new DriverError(error);
}

/** `work`'s result, its failure reclassified; one `.catch` per statement, no extra async frame. */
function guarded<T>(work: () => Promise<T>): Promise<T> {
  return work().catch(rethrowClassified);
}

function guardTransaction(tx: Transaction): Transaction {
  const savepoint = (run: ((name: string) => Promise<void>) | undefined) =>
    run && ((name: string) => guarded(() => run.call(tx, name)));
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: SqlQuery) => guarded(() => tx.queryRaw(query)),
    executeRaw: (query: SqlQuery) => guarded(() => tx.executeRaw(query)),
    commit: () => guarded(() => tx.commit()),
    rollback: () => guarded(() => tx.rollback()),
    ...optional("createSavepoint", savepoint(tx.createSavepoint)),
    ...optional("rollbackToSavepoint", savepoint(tx.rollbackToSavepoint)),
    ...optional("releaseSavepoint", savepoint(tx.releaseSavepoint)),
  };
}

function guardAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => guarded(() => adapter.queryRaw(query)),
    executeRaw: (query) => guarded(() => adapter.executeRaw(query)),
    executeScript: (script) => guarded(() => adapter.executeScript(script)),
    startTransaction: (isolationLevel) =>
      guarded(async () => guardTransaction(await adapter.startTransaction(isolationLevel))),
    ...optional("getConnectionInfo", adapter.getConnectionInfo?.bind(adapter)),
    dispose: () => guarded(() => adapter.dispose()),
  };
}

/** Prisma tells "not implemented" from a missing key, so an absent method stays absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** The adapter factory, with every error the driver raises unclassified wrapped in a `DriverError`. */
export function withDriverErrors(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => guarded(async () => guardAdapter(await factory.connect())),
  };
}
