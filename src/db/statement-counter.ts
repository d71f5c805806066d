import pg from "pg";

/** How many SQL statements the pool has sent: for tests, benchmarks and metrics. */
export class StatementCounter {
  count = 0;

  /** A `pg` Client class that counts each statement it sends into this counter. */
  clientClass(): typeof pg.Client {
    const counter = this;
    return class CountingClient extends pg.Client {
      override query(...args: unknown[]): never {
        counter.count += 1;
        return (super.query as (...a: unknown[]) => never).apply(this, args);
      }
    };
  }
}
