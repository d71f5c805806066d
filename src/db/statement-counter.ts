import pg from "pg";

/** How many SQL statements the pool has sent: for tests, benchmarks and metrics. */
export class StatementCounter {
  count = 0;

  /** A `pg` Client class that counts each statement it sends into this counter. */
  clientClass(): typeof pg.Client {
    const countOne = (): void => {
      this.count += 1;
    };
    return class CountingClient extends pg.Client {
      override query(...args: unknown[]): never {
        countOne();
        return (super.query as (...a: unknown[]) => never).apply(this, args);
      }
    };
  }
}
