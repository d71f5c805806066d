import { IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";

export const maxPageSize = 100;
export const defaultPageSize = 20;

@ObjectType("PageInfo", { simpleResolvers: true, description: "Where a page sits in its list (Relay)." })
export class PageInfo {
  @Field({ description: "More items follow this page." })
  hasNextPage: boolean;

  @Field({ description: "Items come before this page (it was fetched with `after`)." })
  hasPreviousPage: boolean;

  private firstCursor: (() => string) | null = null;
  private lastCursor: (() => string) | null = null;

  constructor(page?: Page<unknown>) {
    if (!page) return;
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
    this.firstCursor = page.items[0]?.cursor ?? null;
    this.lastCursor = page.items.at(-1)?.cursor ?? null;
  }

  @Field(() => String, { nullable: true, description: "Cursor of the first item." })
  get startCursor(): string | null {
    return this.firstCursor?.() ?? null;
  }

  @Field(() => String, {
    nullable: true,
    description: "Cursor of the last item: pass it as `after` for the next page.",
  })
  get endCursor(): string | null {
    return this.lastCursor?.() ?? null;
  }
}

@ArgsType()
export class ConnectionArgs {
  // Nullable in the schema, as the public API has it (`first: Int = 20`): read it through
  // `pageSize`, which turns an explicit null into the default.
  @Field(() => Int, {
    nullable: true,
    defaultValue: defaultPageSize,
    description: `Page size, 1 to ${maxPageSize}.`,
  })
  @IsOptional()
  @Min(1, { message: "first must be at least 1" })
  @Max(maxPageSize, { message: `first must be at most ${maxPageSize}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." })
  after?: string | null;
}

/** The page size a client asked for, or the default. */
export function pageSize(args: { first?: number | null }): number {
  return args.first ?? defaultPageSize;
}

/**
 * One page as services produce it; the connection types below present it. Cursors are
 * made only when selected: signing one per row costs more than the rest of an edge, and a
 * storefront listing rarely asks for them.
 */
export interface Page<T> {
  items: { node: T; cursor: () => string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counted only if the client selects `totalCount`. */
  countTotal: () => Promise<number>;
}

/** The page with its nodes replaced by `map(nodes)` (same order, same cursors). */
export function mapPageNodes<R, T>(page: Page<R>, map: (nodes: R[]) => T[]): Page<T> {
  const nodes = map(page.items.map((item) => item.node));
  return { ...page, items: page.items.map((item, index) => ({ cursor: item.cursor, node: nodes[index]! })) };
}

/**
 * Cuts `first + 1` fetched rows into a page: the extra row only says that more follow.
 */
export function toPage<R, T>(
  rows: R[],
  first: number,
  after: unknown,
  present: (row: R) => { node: T; cursor: () => string },
  countTotal: () => Promise<number>,
): Page<T> {
  return {
    items: rows.slice(0, first).map(present),
    hasNextPage: rows.length > first,
    hasPreviousPage: after !== null && after !== undefined,
    countTotal,
  };
}

export interface Connection<T> {
  edges: { readonly cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/**
 * The Relay `<Name>Edge` and `<Name>Connection` types for a node class. `totalCount` is a
 * method, so the count query runs only when a client asks for it.
 */
export function connectionType<T extends object>(
  nodeClass: ClassType<T>,
  name: string,
): ClassType<Connection<T>> & {
  from(page: Page<T>): Connection<T>;
} {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `A ${name} in a list, with its cursor.` })
  class Edge {
    @Field(() => nodeClass, { description: `The ${name}.` })
    node: T;

    private readonly makeCursor: () => string;

    constructor(item: Page<T>["items"][number]) {
      this.node = item.node;
      this.makeCursor = item.cursor;
    }

    @Field(() => String, { description: "Opaque position of this item: pass it as `after`." })
    get cursor(): string {
      return this.makeCursor();
    }
  }

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${name} items (Relay connection).`,
  })
  class ConnectionOfNodes implements Connection<T> {
    @Field(() => [Edge], { description: "The items of this page, in order." })
    edges: Edge[];

    @Field(() => PageInfo, {
      description: "Where this page sits in the list: cursors and whether more follow.",
    })
    pageInfo: PageInfo;

    private countTotal: () => Promise<number>;

    @Field(() => Int, { description: "Items in the whole list (computed only when selected)." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    static from(page: Page<T>): ConnectionOfNodes {
      const connection = new ConnectionOfNodes();
      connection.edges = page.items.map((item) => new Edge(item));
      connection.pageInfo = new PageInfo(page);
      connection.countTotal = page.countTotal;
      return connection;
    }
  }
  return ConnectionOfNodes;
}
