import { ArgsType, Field, ID } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection";

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only entries about this object (any type's global id)." })
  subjectId?: string | null;

  @Field(() => String, { nullable: true, description: "Only entries of this action, e.g. variant.update." })
  action?: string | null;
}
