import type { AuthCheckerFn } from "type-graphql";
import type { Context } from "../context";
import { forbidden, unauthenticated } from "../graphql/errors";

/**
 * type-graphql's `@Authorized(...roles)`: anonymous callers are UNAUTHENTICATED, signed-in
 * callers without one of the roles FORBIDDEN. (type-graphql's own errors decide between
 * the two by whether roles were listed, not by who is calling, so they are not used.)
 */
export const authChecker: AuthCheckerFn<Context> = ({ context }, roles) => {
  const { viewer } = context.request;
  if (!viewer.userId) throw unauthenticated();
  if (roles.length > 0 && !roles.some((role) => (viewer.roles as readonly string[]).includes(role)))
    throw forbidden();
  return true;
};
