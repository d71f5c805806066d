import type { ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { Config } from "../config";
import type { Context } from "../context";
import type { Metrics } from "../http/metrics";
import { operationSpanPlugin } from "../observability/graphql-spans";
import { errorLoggingPlugin } from "./error-logging.plugin";
import { limitsPlugin } from "./limits/limits.plugin";
import type { OperationLimits } from "./limits/operation-limits";
import { noStorePlugin } from "./no-store.plugin";
import { nulGuardPlugin } from "./nul-guard.plugin";
import { observabilityPlugin } from "./observability.plugin";
import { trustedDocumentsPlugin, type TrustedDocuments } from "./trusted-documents.plugin";

export interface ApolloPluginDependencies {
  config: Config;
  logger: Logger;
  /** Shared with subscriptions; its budget with the refusal penalty (src/http/refusal-penalty.ts). */
  limits: OperationLimits;
  /** Trusted-documents mode: the only documents that run (null: any document). */
  trustedDocuments: TrustedDocuments | null;
  metrics: Metrics;
  /** Present when tracing is on: each operation's span is named and given its errors. */
  tracer?: Tracer | undefined;
}

/**
 * Every Apollo plugin Bazaar runs, in order. The order matters because Apollo calls a hook
 * of every plugin in list order, each running up to its first `await` before the next
 * starts (`Promise.all` over the list); the hooks below do their work before awaiting, so
 * a later plugin sees what an earlier one wrote, and when several refuse an operation in
 * `didResolveOperation`, the client gets the error of the first one listed.
 */
export function apolloPlugins({
  config,
  logger,
  limits,
  trustedDocuments,
  metrics,
  tracer,
}: ApolloPluginDependencies): ApolloServerPlugin<Context>[] {
  return [
    // Anywhere: it logs unexpected errors and adds the request id (and a 503 status) to
    // the response, and no other plugin reads what it adds.
    errorLoggingPlugin(logger),
    // Before the trusted documents and the limits: a NUL is reported as such, naming the
    // field, even in an operation they would refuse as well.
    nulGuardPlugin(),
    // Before the limits: an untrusted document is refused as such, whatever it would cost.
    ...(trustedDocuments ? [trustedDocumentsPlugin(trustedDocuments)] : []),
    // After the refusals above, whose errors take precedence over a cost refusal (it awaits
    // the budget, in Redis when shared, before refusing, so theirs also come first); before
    // observability, which logs the `extensions.cost` this one writes.
    limitsPlugin(limits),
    // Last of the per-request plugins: it logs what the others decided (cost, masked errors).
    observabilityPlugin(logger, metrics),
    // Anywhere: it reads what the response says and touches nothing else.
    ...(tracer ? [operationSpanPlugin()] : []),
    // Anywhere: Apollo lets one plugin render the landing page, and asks at start-up.
    config.isProduction
      ? ApolloServerPluginLandingPageDisabled()
      : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    // Anywhere: a marker that keeps Apollo from adding its cache-control plugin. No cache
    // hints anywhere: the header that plugin would compute is always no-store, and it wraps
    // every field resolver to compute it.
    ApolloServerPluginCacheControlDisabled(),
    // Anywhere: nothing else sets `cache-control` on a GraphQL response.
    noStorePlugin(),
  ];
}
