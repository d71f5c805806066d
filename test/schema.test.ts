import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildBazaarSchema } from "../src/schema";

const canonical = (schema: GraphQLSchema): string => printSchema(lexicographicSortSchema(schema));

test("schema.graphql is what the resolvers emit (run `npm run codegen` after changing them)", async () => {
  const committed = buildSchema(readFileSync(path.join(__dirname, "..", "schema.graphql"), "utf8"));
  expect(canonical(committed)).toBe(canonical(await buildBazaarSchema()));
});
