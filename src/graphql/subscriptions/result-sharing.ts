import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs } from "graphql";
import type { Viewer } from "../../auth/viewer";

/**
 * A subscription field whose result for an event depends on the viewer only through the
 * viewer's role set (anonymous, or signed in with these roles): never on who the viewer
 * is. Declared on the field, `@Extensions(sharedByViewerRoles)`, by the resolver that knows
 * this of everything its type reaches; then the subscribers of one event that sent the same
 * document and variables, with the same role set, get ONE execution on this node instead
 * of one each. A field that is not declared runs once per subscriber.
 */
export const sharedByViewerRoles = { resultsShared: "byViewerRoles" } as const;

/**
 * The root field of a subscription operation (one, by validation), when the operation names
 * it directly. Behind a fragment it is not looked for: that subscription is not shared.
 */
export function rootFieldOf(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : null;
}

/**
 * Everything a `sharedByViewerRoles` field's result may depend on in the viewer: the role
 * set and Bazaar's own work (`system`), which policies treat like staff. Anonymous viewers
 * (and API clients without roles or session: storefront rights) are a class of their own,
 * distinct from a customer without roles; an API client with roles shares its role set's.
 */
function viewerClass(viewer: Viewer): string {
  if (viewer.system !== undefined) return `system:${viewer.system}`;
  if (viewer.userId === null && viewer.roles.length === 0) return "anonymous";
  return `roles:${[...viewer.roles].sort().join(",")}`;
}

/** A number per document node: the admission hands every subscriber of one text the same node. */
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = nextDocumentId++));
  return id;
}

/**
 * Which subscribers may share this subscriber's result of an event: the ones with the same
 * key. Null: none (the field is not declared shareable). The key holds everything the
 * result depends on: the document, the operation, the variables as sent (two spellings of
 * the same values only miss a chance to share) and the viewer's class.
 */
export function sharingKey(args: ExecutionArgs, viewer: Viewer): string | null {
  const field = rootFieldOf(args);
  if (field === null) return null;
  const declared = args.schema.getSubscriptionType()?.getFields()[field]?.extensions;
  if (declared?.["resultsShared"] !== sharedByViewerRoles.resultsShared) return null;
  return JSON.stringify([
    documentId(args.document),
    args.operationName ?? null,
    args.variableValues ?? {},
    viewerClass(viewer),
  ]);
}
