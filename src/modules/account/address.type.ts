import { Field, ID, ObjectType } from "type-graphql";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

export interface AddressRow {
  id: string;
  userId: string;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
  phone: string | null;
}

@ObjectType("Address", {
  simpleResolvers: true,
  implements: Node,
  description: "A postal address in a customer's address book.",
})
export class AddressType extends Node {
  /** The owner's key, for visibility checks; not part of the schema. */
  ownerKey: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Recipient's full name." })
  fullName: string;

  @Field({ description: "Street and number." })
  line1: string;

  @Field(() => String, { nullable: true, description: "Apartment, floor, c/o…" })
  line2: string | null;

  @Field({ description: "City or town." })
  city: string;

  @Field({ description: "Postal or ZIP code." })
  postalCode: string;

  @Field(() => String, { nullable: true, description: "State, province or region." })
  region: string | null;

  @Field({ description: "ISO 3166-1 alpha-2, e.g. DE" })
  country: string;

  @Field(() => String, { nullable: true, description: "Phone number for the carrier." })
  phone: string | null;

  static from(row: AddressRow): AddressType {
    return Object.assign(new AddressType(), {
      ownerKey: row.userId,
      id: toGlobalId("Address", row.id),
      fullName: row.fullName,
      line1: row.line1,
      line2: row.line2,
      city: row.city,
      postalCode: row.postalCode,
      region: row.region,
      country: row.country,
      phone: row.phone,
    });
  }
}
