import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: every object with a global id can be fetched again with `node(id:)`. */
@InterfaceType({ description: "An object with a global id, fetchable with `node(id:)`." })
export abstract class Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  id: string;
}
