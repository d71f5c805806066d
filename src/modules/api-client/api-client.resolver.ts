import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { CreateApiClientInput } from "./api-client.inputs";
import { ApiClientType, CreateApiClientPayload } from "./api-client.type";

@Resolver(() => ApiClientType)
export class ApiClientResolver {
  @Authorized("ADMIN")
  @Query(() => [ApiClientType], { description: "ADMIN" })
  async apiClients(@Ctx() ctx: Context): Promise<ApiClientType[]> {
    return (await ctx.services.apiClients.listApiClients(ctx.request)).map((row) => ApiClientType.from(row));
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateApiClientPayload, { description: "ADMIN" })
  async createApiClient(
    @Arg("input", () => CreateApiClientInput, { description: "The new client's name and roles." })
    input: CreateApiClientInput,
    @Ctx() ctx: Context,
  ): Promise<CreateApiClientPayload> {
    const { client, token } = await ctx.services.apiClients.createApiClient(ctx.request, input);
    return Object.assign(new CreateApiClientPayload(), { client: ApiClientType.from(client), token });
  }

  @Authorized("ADMIN")
  @Mutation(() => ApiClientType, { description: "ADMIN: its token stops working at once, on every node." })
  async revokeApiClient(
    @Arg("id", () => ID, { description: "The client." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ApiClientType> {
    return ApiClientType.from(await ctx.services.apiClients.revokeApiClient(ctx.request, id));
  }
}
