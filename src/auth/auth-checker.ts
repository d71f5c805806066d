import type { AuthCheckerFn } from "type-graphql";
import type { Context } from "../context";
import { forbidden, unauthenticated } from "../graphql/errors";

/**
 * type-graphql's `@Authorized(...roles)`. Without roles the operation is a signed-in user's
 * own (their account, addresses): it needs a session, which an API client alone is not.
 * With roles, the viewer needs one of them, from its user or from its API client. Callers
 * that presented no credentials are UNAUTHENTICATED; those that did, but lack the role,
 * FORBIDDEN. (type-graphql's own errors decide between the two by whether roles were
 * listed, not by who is calling, so they are not used.)
 */
export const authChecker: AuthCheckerFn<Context> = ({ context }, roles) => {
  const { viewer } = context.request;
  const authenticated = viewer.userId !== null || viewer.apiClientId !== undefined;
  if (roles.length === 0) {
    if (viewer.userId === null) throw unauthenticated();
    return true;
  }
  if (roles.some((role) => (viewer.roles as readonly string[]).includes(role))) return true;
  throw authenticated ? forbidden() : unauthenticated();
};
