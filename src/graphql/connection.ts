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

  @Field(() => String, { nullable: true, description: "Cursor of the first item." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item: pass it as `after` for the next page." })
  endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs {
  // Nullable in the schema, as the contract has it (`first: Int = 20`): read it through
  // `pageSize`, which turns an explicit null into the default.
  @Field(() => Int, { nullable: true, defaultValue: defaultPageSize, description: `Page size, 1 to ${maxPageSize}.` })
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

/** One page as services produce it; the connection types below present it. */
export interface Page<T> {
  items: { node: T; cursor: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counted only if the client selects `totalCount`. */
  countTotal: () => Promise<number>;
}

/**
 * Cuts `first + 1` fetched rows into a page: the extra row only says that more follow.
 */
export function toPage<R, T>(
  rows: R[],
  first: number,
  after: unknown,
  present: (row: R) => { node: T; cursor: string },
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
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/**
 * The Relay `<Name>Edge` and `<Name>Connection` types for a node class. `totalCount` is a
 * method, so the count query runs only when a client asks for it.
 */
export function connectionType<T extends object>(nodeClass: ClassType<T>, name: string): ClassType<Connection<T>> & {
  from(page: Page<T>): Connection<T>;
} {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `A ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: "Opaque position of this item: pass it as `after`." })
    cursor: string;

    @Field(() => nodeClass, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} items (Relay connection).` })
  class ConnectionOfNodes implements Connection<T> {
    @Field(() => [Edge], { description: "The items of this page, in order." })
    edges: Edge[];

    @Field(() => PageInfo, { description: "Where this page sits in the list: cursors and whether more follow." })
    pageInfo: PageInfo;

    private countTotal: () => Promise<number>;

    @Field(() => Int, { description: "Items in the whole list (computed only when selected)." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    static from(page: Page<T>): ConnectionOfNodes {
      const connection = new ConnectionOfNodes();
      connection.edges = page.items.map((item) => Object.assign(new Edge(), item));
      connection.pageInfo = Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.items[0]?.cursor ?? null,
        endCursor: page.items.at(-1)?.cursor ?? null,
      });
      connection.countTotal = page.countTotal;
      return connection;
    }
  }
  return ConnectionOfNodes;
}
