import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Connection } from "../../graphql/connection";
import { UserType } from "../account/user.type";
import { ApiClientType } from "../api-client/api-client.type";
import { AuditLogArgs } from "./audit-log.inputs";
import { AuditEntryConnection, AuditEntryType, toAuditEntryConnection } from "./audit-entry.type";

/** The fields AuditEntryResolver resolves on AuditEntryType. */
interface AuditEntryFields {
  actor: UserType | null;
  apiClient: ApiClientType | null;
}

@Resolver(() => AuditEntryType)
export class AuditEntryResolver implements ResolverInterface<AuditEntryType & AuditEntryFields> {
  @Authorized("ADMIN")
  @Query(() => AuditEntryConnection, { description: "ADMIN: newest first." })
  async auditLog(
    @Args(() => AuditLogArgs) args: AuditLogArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<AuditEntryType>> {
    return toAuditEntryConnection(await ctx.services.auditLog.listEntries(ctx.request, args));
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: "The staff user who acted, or null for an API client or the system.",
  })
  async actor(@Root() entry: AuditEntryType, @Ctx() ctx: Context): Promise<UserType | null> {
    if (entry.actorKey === null) return null;
    const row = await ctx.loaders.userById.load(entry.actorKey);
    return row && UserType.from(row);
  }

  @FieldResolver(() => ApiClientType, {
    nullable: true,
    description: "The API client that acted, if one did.",
  })
  async apiClient(@Root() entry: AuditEntryType, @Ctx() ctx: Context): Promise<ApiClientType | null> {
    if (entry.apiClientKey === null) return null;
    const row = await ctx.loaders.apiClientById.load(entry.apiClientKey);
    return row && ApiClientType.from(row);
  }
}
