import type { TestApp } from "./test-app";
import { dataOf } from "./results";
import { typedDocument } from "./typed-document";

const nodeIdDocument = typedDocument<{ node: { id: string } | null }, { id: string }>(
  "query NodeId($id: ID!) { node(id: $id) { id } }",
);

/** `node(id) { id }`: null when `token` (anonymous when absent) may not see it. */
export async function readNode(t: TestApp, id: string, token?: string): Promise<{ id: string } | null> {
  return dataOf(await t.graphql(nodeIdDocument, { id }, { token })).node;
}
