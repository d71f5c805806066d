import { context, SpanKind, SpanStatusCode, type Span, type Tracer } from "@opentelemetry/api";
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from "@opentelemetry/semantic-conventions";
import pg from "pg";
import { ATTR_DB_SYSTEM } from "./semantic-attributes";

type Callback = (error: Error | null, result: unknown) => void;

/** The statement's text: placeholders ($1, $2…) stay, the values are never recorded. */
function statementText(query: unknown): string {
  if (typeof query === "string") return query;
  const text = (query as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}

function endStatement(span: Span, error: unknown): void {
  if (error) {
    // Only the SQLSTATE: PostgreSQL's messages may quote the values (`invalid input syntax… "x"`).
    const sqlState = (error as { code?: unknown }).code;
    const type = typeof sqlState === "string" ? sqlState : ((error as Error).name ?? "Error");
    span.setAttribute(ATTR_ERROR_TYPE, type);
    if (typeof sqlState === "string") span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, sqlState);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * `Base` (a `pg` Client class), with a CLIENT span per statement, a child of the span
 * active where the statement was asked for. `query` comes in three shapes — a callback
 * argument (pg-pool's own), a returned promise (Prisma's adapter), or a submittable query
 * object that emits `end` or `error` — and the span ends when the statement does, in each.
 */
function tracedClientClass(Base: typeof pg.Client, tracer: Tracer): typeof pg.Client {
  return class TracedClient extends Base {
    override query(...args: unknown[]): never {
      const text = statementText(args[0]);
      const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase();
      const span = tracer.startSpan(operation ?? DB_SYSTEM_NAME_VALUE_POSTGRESQL, {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          [ATTR_DB_SYSTEM]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          [ATTR_DB_QUERY_TEXT]: text,
          ...(operation ? { [ATTR_DB_OPERATION_NAME]: operation } : {}),
          ...(this.database ? { [ATTR_DB_NAMESPACE]: this.database } : {}),
          [ATTR_SERVER_ADDRESS]: this.host,
          [ATTR_SERVER_PORT]: this.port,
        },
      });
      const callbackAt = args.findIndex((arg, index) => index > 0 && typeof arg === "function");
      if (callbackAt > 0) {
        const callback = args[callbackAt] as Callback;
        args[callbackAt] = (error: Error | null, result: unknown) => {
          endStatement(span, error);
          callback(error, result);
        };
      }
      const result = (super.query as (...a: unknown[]) => unknown).apply(this, args);
      if (callbackAt > 0) return result as never;
      if (result instanceof Promise) {
        // A side branch: the caller still gets (and must handle) the original rejection.
        result.then(
          () => endStatement(span, undefined),
          (error: unknown) => endStatement(span, error),
        );
      } else if (typeof (result as Partial<NodeJS.EventEmitter> | undefined)?.once === "function") {
        const emitter = result as NodeJS.EventEmitter;
        emitter.once("end", () => endStatement(span, undefined));
        emitter.once("error", (error: unknown) => endStatement(span, error));
      } else {
        endStatement(span, undefined);
      }
      return result as never;
    }
  };
}

/**
 * A pool that hands out connections in the context of whoever asked. A request waiting for
 * a free connection is called back from the code that released one — another request — so
 * without this its statements would join that other request's trace.
 */
class ContextKeepingPool extends pg.Pool {
  override connect(...args: unknown[]): never {
    const [callback] = args;
    const bound = typeof callback === "function" ? [context.bind(context.active(), callback)] : [];
    return (super.connect as (...a: unknown[]) => never).apply(this, bound);
  }
}

/** A pool whose statements each get a span (see `tracedClientClass`), in the right trace. */
export function tracedPool(tracer: Tracer, config: pg.PoolConfig & { Client: typeof pg.Client }): pg.Pool {
  return new ContextKeepingPool({ ...config, Client: tracedClientClass(config.Client, tracer) });
}
