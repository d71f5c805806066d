import "reflect-metadata";
import { buildBazaarSchema } from "./schema";

/**
 * What `graphql-codegen` loads (compiled, from dist/): the code-first schema exactly as the
 * server builds it, so `schema.graphql` and the client SDK are generated from the truth.
 */
export const schema = buildBazaarSchema();
