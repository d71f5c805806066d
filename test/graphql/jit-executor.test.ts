import type { GatewayExecutor, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import {
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  getOperationAST,
  parse,
  type ExecutionResult,
} from "graphql";
import { jitGateway, type JitGateway } from "../../src/graphql/jit-executor";

// A small schema with what the real one uses: nested objects and lists, an interface with
// resolveType, arguments, async resolvers, errors with extension codes, non-null fields.
const Node = new GraphQLInterfaceType({
  name: "Node",
  fields: { id: { type: new GraphQLNonNull(GraphQLID) } },
  resolveType: (value: { kind: string }) => value.kind,
});
const Item = new GraphQLObjectType({
  name: "Item",
  interfaces: [Node],
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: GraphQLString },
    price: { type: new GraphQLNonNull(GraphQLInt), resolve: async (item: { price: number }) => item.price },
    secret: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError("Sign in first.", { extensions: { code: "UNAUTHENTICATED" } });
      },
    },
    broken: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
  },
});
const items = [1, 2, 3].map((n) => ({ kind: "Item", id: String(n), name: `item ${n}`, price: n * 100 }));
const Query = new GraphQLObjectType({
  name: "Query",
  fields: {
    items: {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))),
      args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
      resolve: (_root, args: { first: number }, context: { calls: number }) => {
        context.calls += 1;
        return items.slice(0, args.first);
      },
    },
    node: {
      type: Node,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: (_root, args: { id: string }) => items.find((i) => i.id === args.id),
    },
  },
});
const Mutation = new GraphQLObjectType({
  name: "Mutation",
  fields: {
    fail: {
      type: new GraphQLNonNull(Item),
      resolve: async () => {
        throw Object.assign(new Error("connection terminated"), { code: "ECONNRESET" });
      },
    },
    rename: {
      type: Item,
      args: { name: { type: new GraphQLNonNull(GraphQLString) } },
      resolve: (_root, args: { name: string }) => ({ ...items[0], name: args.name }),
    },
  },
});
const schema = new GraphQLSchema({ query: Query, mutation: Mutation, types: [Item] });

async function executorOf(gateway: JitGateway): Promise<GatewayExecutor> {
  const { executor } = await gateway.load({
    apollo: { key: undefined, keyHash: undefined, graphRef: undefined },
  } as never);
  return executor!;
}

function requestFor(query: string, variables: Record<string, unknown>, operationName?: string) {
  const document = parse(query);
  const context = { calls: 0 };
  return {
    context,
    request: {
      request: { query, variables, operationName },
      document,
      operation: getOperationAST(document, operationName) ?? undefined,
      operationName: getOperationAST(document, operationName)?.name?.value ?? null,
      queryHash: query,
      context,
    } as unknown as GatewayGraphQLRequestContext,
  };
}

/** What graphql-js answers for the same request: the reference. */
async function interpreted(
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
): Promise<ExecutionResult> {
  return execute({
    schema,
    document: parse(query),
    variableValues: variables,
    operationName,
    contextValue: { calls: 0 },
  });
}

/** Errors as clients see them, for comparing answers; and as Apollo reads them (extensions always an object). */
function plain(result: ExecutionResult) {
  return {
    data: result.data,
    errors: result.errors?.map((e) => ({
      message: e.message,
      path: e.path,
      locations: e.locations,
      extensions: e.extensions,
    })),
  };
}

// Always four entries: jest passes `done` to a test function with more parameters than values.
const cases: [string, string, Record<string, unknown>, string | undefined][] = [
  [
    "nested lists, arguments and async fields",
    "query Q($n: Int!) { items(first: $n) { id name price } }",
    { n: 2 },
    undefined,
  ],
  [
    "aliases, fragments, @skip/@include",
    "query Q($yes: Boolean!) { a: items(first: 1) { ...F } b: items(first: 3) { id name @skip(if: $yes) price @include(if: $yes) } } fragment F on Item { id price }",
    { yes: true },
    undefined,
  ],
  [
    "an interface resolved to its object type",
    '{ node(id: "2") { __typename id ... on Item { name } } missing: node(id: "9") { id } }',
    {},
    undefined,
  ],
  [
    "a resolver error keeps its code and path; siblings still resolve",
    "{ items(first: 2) { id secret } }",
    {},
    undefined,
  ],
  [
    "null in a non-null field nulls the parent up to a nullable one",
    '{ node(id: "1") { id ... on Item { broken } } }',
    {},
    undefined,
  ],
  [
    "bad variables are refused before anything runs",
    "query Q($n: Int!) { items(first: $n) { id } }",
    { n: "many" },
    undefined,
  ],
  ["a missing variable", "query Q($n: Int!) { items(first: $n) { id } }", {}, undefined],
  [
    "a mutation whose resolver rejects: the error at its path, data null",
    "mutation { fail { id } }",
    {},
    undefined,
  ],
  [
    "mutations in order",
    'mutation { a: rename(name: "x") { name } b: rename(name: "y") { name } }',
    {},
    undefined,
  ],
  [
    "the operation picked by name",
    "query A { items(first: 1) { id } } query B { items(first: 3) { id } }",
    {},
    "B",
  ],
];

describe("graphql-jit executor: the same answers as graphql-js", () => {
  test.each(cases)("%s", async (_title, query, variables, operationName) => {
    const gateway = jitGateway(schema, { cacheSize: 10, compileAfter: 0 });
    const executor = await executorOf(gateway);
    const expected = plain(await interpreted(query, variables, operationName));
    // Twice: the first run compiles, the second reuses the compiled function.
    for (let run = 0; run < 2; run++) {
      expect(plain(await executor(requestFor(query, variables, operationName).request))).toEqual(expected);
    }
    expect(gateway.compiledCount()).toBe(expected.data === undefined ? 0 : 1);
  });

  test("a resolver's own error stays the cause (formatting and logging read it)", async () => {
    const executor = await executorOf(jitGateway(schema, { cacheSize: 10, compileAfter: 0 }));
    const result = await executor(requestFor("mutation { fail { id } }", {}).request);
    expect(result.errors?.[0]).toBeInstanceOf(GraphQLError);
    expect(result.errors?.[0]?.originalError).toMatchObject({
      message: "connection terminated",
      code: "ECONNRESET",
    });
  });

  test("the context reaches the resolvers", async () => {
    const executor = await executorOf(jitGateway(schema, { cacheSize: 10, compileAfter: 0 }));
    const { request, context } = requestFor("{ items(first: 1) { id } }", {});
    await executor(request);
    expect(context.calls).toBe(1);
  });
});

describe("graphql-jit executor: what gets compiled", () => {
  test("a document is compiled only after it has run `compileAfter` times", async () => {
    const gateway = jitGateway(schema, { cacheSize: 10, compileAfter: 2 });
    const executor = await executorOf(gateway);
    const query = "{ items(first: 3) { id price } }";
    const expected = plain(await interpreted(query, {}));
    for (const compiledAfterRun of [0, 0, 1, 1]) {
      expect(plain(await executor(requestFor(query, {}).request))).toEqual(expected);
      expect(gateway.compiledCount()).toBe(compiledAfterRun);
    }
  });

  test("the cache is bounded: the least recently used operation is dropped", async () => {
    const gateway = jitGateway(schema, { cacheSize: 2, compileAfter: 0 });
    const executor = await executorOf(gateway);
    for (const n of [1, 2, 3, 1, 2, 3])
      await executor(requestFor(`{ items(first: ${n}) { id } }`, {}).request);
    expect(gateway.compiledCount()).toBe(2);
    await gateway.stop();
    expect(gateway.compiledCount()).toBe(0);
  });
});
