/**
 * Relay's whole PageInfo, for tests about paging: the SDK's operations read only
 * `hasNextPage` and `endCursor`, so no generated type has the rest.
 */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export const pageInfoSelection = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";

export interface Connection<N> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: N }[];
}
