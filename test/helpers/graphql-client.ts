import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  extensions?: Record<string, unknown> & {
    cost?: { requested: number; remaining: number; capacity: number; restoreRate: number };
  };
  data?: TData | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: Record<string, unknown> & { code?: string };
  }[];
}

export interface RequestOptions {
  /** A session token, sent as `Authorization: Bearer …`; anonymous when absent. */
  token?: string | undefined;
  headers?: Record<string, string>;
}

/**
 * POSTs one GraphQL operation over real HTTP. A typed document (the SDK's generated ones,
 * or one from `typedDocument`) types the variables and the data; a string is for what no
 * client would send (hostile input, limits), typed by the caller.
 */
export interface GraphQLPost {
  <TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TData>>;
  <TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TData>>;
}

/** The `GraphQLPost` of the server at `baseUrl` (http://host:port). */
export function graphqlAt(baseUrl: string): GraphQLPost {
  return async (
    query: string | TypedDocumentNode<unknown, unknown>,
    variables?: unknown,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<never>> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
    });
    const { extensions, ...body } = (await response.json()) as Omit<GraphQLResponse, "status">;
    const result = { status: response.status, ...body } as GraphQLResponse<never>;
    // Every response carries `extensions.cost`; kept off the enumerable keys so tests can
    // compare whole responses, and still readable where a test is about it.
    Object.defineProperty(result, "extensions", { value: extensions, enumerable: false });
    return result;
  };
}

/** The `extensions.code` of each error, for compact assertions. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
