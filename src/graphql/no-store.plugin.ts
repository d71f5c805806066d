import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";

/**
 * `cache-control: no-store` on every GraphQL response: answers carry customer data and
 * prices, and no field declares a cache hint. It replaces Apollo's cache-control plugin
 * (turned off in apollo-plugins.ts), which sent the same header but wrapped every field
 * resolver to collect hints that do not exist (measured by `npm run bench`, see
 * bench/README.md).
 */
export function noStorePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}
