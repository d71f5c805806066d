import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  ResolverInterface,
  Root,
} from "type-graphql";
import type { Context } from "../../context";
import type { Connection } from "../../graphql/connection";
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesArgs,
} from "./webhook.inputs";
import {
  CreateWebhookEndpointPayload,
  toWebhookDeliveryConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryType,
  WebhookEndpointType,
} from "./webhook.type";

@Resolver(() => WebhookEndpointType)
export class WebhookEndpointResolver {
  @Authorized("ADMIN")
  @Query(() => [WebhookEndpointType], { description: "ADMIN" })
  async webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpointType[]> {
    return (await ctx.services.webhookEndpoints.listEndpoints(ctx.request)).map((row) =>
      WebhookEndpointType.from(row),
    );
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateWebhookEndpointPayload, {
    description:
      "ADMIN. Private, loopback and link-local targets are refused (BAD_USER_INPUT naming url) unless the server allows them.",
  })
  async createWebhookEndpoint(
    @Arg("input", () => CreateWebhookEndpointInput, { description: "Where to send, and which events." })
    input: CreateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ): Promise<CreateWebhookEndpointPayload> {
    const { endpoint, secret } = await ctx.services.webhookEndpoints.createEndpoint(ctx.request, input);
    return Object.assign(new CreateWebhookEndpointPayload(), {
      endpoint: WebhookEndpointType.from(endpoint),
      secret,
    });
  }

  @Authorized("ADMIN")
  @Mutation(() => WebhookEndpointType, { description: "ADMIN" })
  async updateWebhookEndpoint(
    @Arg("input", () => UpdateWebhookEndpointInput, { description: "The endpoint and what to change." })
    input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ): Promise<WebhookEndpointType> {
    return WebhookEndpointType.from(await ctx.services.webhookEndpoints.updateEndpoint(ctx.request, input));
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, { description: "ADMIN" })
  async deleteWebhookEndpoint(
    @Arg("id", () => ID, { description: "The endpoint." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.webhookEndpoints.deleteEndpoint(ctx.request, id);
  }

  @Authorized("ADMIN")
  @Mutation(() => WebhookDeliveryType, {
    description: "ADMIN: sends the delivery's event again (a new attempt, same event id).",
  })
  async redeliverWebhook(
    @Arg("deliveryId", () => ID, { description: "A delivery of the event to send again." })
    deliveryId: string,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryType> {
    return WebhookDeliveryType.from(await ctx.services.webhookEndpoints.redeliver(ctx.request, deliveryId));
  }
}

/** The fields WebhookEndpointFieldsResolver resolves on WebhookEndpointType. */
interface WebhookEndpointFields {
  deliveries: Connection<WebhookDeliveryType>;
}

@Resolver(() => WebhookEndpointType)
export class WebhookEndpointFieldsResolver implements ResolverInterface<
  WebhookEndpointType & WebhookEndpointFields
> {
  /**
   * A query per endpoint, as `User.orders` is per user: only ADMIN reads endpoints (the
   * type is reached through ADMIN-only fields), and a shop has a handful of them.
   */
  @FieldResolver(() => WebhookDeliveryConnection, { description: "Newest first." })
  async deliveries(
    @Root() endpoint: WebhookEndpointType,
    @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<WebhookDeliveryType>> {
    return toWebhookDeliveryConnection(
      await ctx.services.webhookEndpoints.listDeliveries(ctx.request, endpoint.key, args),
    );
  }
}
