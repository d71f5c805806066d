import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { nodeDirectory } from "../nodes";
import { Node } from "./node";

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Any object by its global id; null when it does not exist or is not yours.",
  })
  node(
    @Arg("id", () => ID, { description: "The global id of any object." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Node | null> {
    return nodeDirectory.fetch(ctx, id);
  }
}
