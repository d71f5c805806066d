/**
 * OpenTelemetry attribute names that are not stable yet. The semantic-conventions package
 * ships them in its `incubating` entry point, which its authors advise against importing at
 * run time (it may change in a minor release): the few used here are copied instead.
 */

/** Kept beside the stable `db.system.name`: many backends still group database spans by it. */
export const ATTR_DB_SYSTEM = "db.system";
export const ATTR_GRAPHQL_OPERATION_NAME = "graphql.operation.name";
export const ATTR_GRAPHQL_OPERATION_TYPE = "graphql.operation.type";
export const ATTR_MESSAGING_SYSTEM = "messaging.system";
export const ATTR_MESSAGING_OPERATION_TYPE = "messaging.operation.type";
export const ATTR_MESSAGING_DESTINATION_NAME = "messaging.destination.name";

/** Bazaar's own: the `extensions.code` of each error in a GraphQL response, in order. */
export const ATTR_GRAPHQL_ERROR_CODES = "bazaar.graphql.error_codes";
/** Bazaar's own: the request id of the response header and the logs, to go from a trace to its log lines. */
export const ATTR_REQUEST_ID = "bazaar.request_id";
