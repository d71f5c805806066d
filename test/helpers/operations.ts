import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { GraphQLResponse, TestApp } from "./test-app";

/** A test's call of an SDK mutation that takes one `input`, as `token` (anonymous when absent). */
export type InputMutation<TResult, TInput> = (
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  input: TInput,
) => Promise<GraphQLResponse<TResult>>;

/** The call of `document` (a generated `…Document` whose only variable is `input`), typed by it. */
export function inputMutation<TResult, TInput>(
  document: TypedDocumentNode<TResult, { input: TInput }>,
): InputMutation<TResult, TInput> {
  return (t, token, input) => t.graphql(document, { input }, { token });
}
