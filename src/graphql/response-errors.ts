import type { GraphQLResponse } from "@apollo/server";
import { ErrorCode } from "./errors";

/** What a client is told of one error: its stable code and its (already masked) message. */
export interface ResponseError {
  code: string;
  message: string;
}

/** The errors of a response as it is sent, in order; one without a code counts as INTERNAL_SERVER_ERROR. */
export function responseErrors(response: GraphQLResponse): ResponseError[] {
  const single = response.body.kind === "single" ? response.body.singleResult : undefined;
  return (single?.errors ?? []).map((error) => ({
    code: String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR),
    message: error.message,
  }));
}
