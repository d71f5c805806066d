import type { NodeSource } from "../../graphql/node-directory";
import { canSeeApiClients } from "./api-client.policy";
import { ApiClientType } from "./api-client.type";

/** API clients answer `node(id)` to ADMIN only; to anyone else they do not exist. */
export const apiClientNodeSources: NodeSource[] = [
  {
    typeName: "ApiClient",
    async load(ctx, key) {
      if (!canSeeApiClients(ctx.request.viewer)) return null;
      const row = await ctx.loaders.apiClientById.load(key);
      return row && ApiClientType.from(row);
    },
  },
];
