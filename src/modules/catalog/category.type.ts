import { Field, ID, ObjectType } from "type-graphql";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";
import type { CategoryRow } from "./category-rows";

@ObjectType("Category", {
  simpleResolvers: true,
  implements: Node,
  description: "A catalog category; categories form a tree.",
})
export class CategoryType extends Node {
  /** Database keys, for field resolvers; not part of the schema. */
  key: string;
  parentKey: string | null;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Display name." })
  name: string;

  @Field({ description: "URL-safe unique name, e.g. `t-shirts`." })
  slug: string;

  static from(row: CategoryRow): CategoryType {
    return Object.assign(new CategoryType(), {
      key: row.id,
      parentKey: row.parentId,
      id: toGlobalId("Category", row.id),
      name: row.name,
      slug: row.slug,
    });
  }
}
