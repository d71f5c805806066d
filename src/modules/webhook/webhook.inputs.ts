import { ArrayMaxSize, ArrayNotEmpty, IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { WebhookDeliveryStatus, WebhookEventType } from "../../generated/prisma/enums";
import { ConnectionArgs } from "../../graphql/connection";

/** Longer URLs are a mistake or an attack, and every delivery row's endpoint carries one. */
const maxUrlLength = 2048;
const eventTypeCount = Object.keys(WebhookEventType).length;

@InputType({ description: "A new endpoint." })
export class CreateWebhookEndpointInput {
  @Field({
    description: `Where to POST events: http(s), at most ${maxUrlLength} characters; https only in production. Private, loopback and link-local targets are refused unless the server allows them.`,
  })
  @MaxLength(maxUrlLength)
  url: string;

  @Field(() => [WebhookEventType], { description: "The events to send it (at least one)." })
  @ArrayNotEmpty({ message: "events must name at least one event type" })
  @ArrayMaxSize(eventTypeCount)
  events: WebhookEventType[];
}

@InputType({ description: "An endpoint and what to change; absent fields stay as they are." })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: "The endpoint." })
  id: string;

  @Field(() => String, { nullable: true, description: "A new URL, checked as at creation." })
  @IsOptional()
  @MaxLength(maxUrlLength)
  url?: string | null;

  @Field(() => [WebhookEventType], { nullable: true, description: "The events to send it from now on." })
  @IsOptional()
  @ArrayNotEmpty({ message: "events must name at least one event type" })
  @ArrayMaxSize(eventTypeCount)
  events?: WebhookEventType[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Turn it on (clearing disabledReason and its failure count) or off.",
  })
  active?: boolean | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: "Only deliveries in this status." })
  status?: WebhookDeliveryStatus | null;
}
