import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { WebhookDeliveryStatus } from "../../generated/prisma/enums";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { newestFirstEdge, newestFirstSeek, type CursorCodec } from "../../graphql/cursor";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId, toGlobalId } from "../../graphql/global-id";
import { changesBetween } from "../audit/audit-changes";
import { recordAudit, recordCreation, recordUpdate } from "../audit/record-audit";
import { auditedEndpoint } from "./webhook-audit";
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "./webhook.inputs";
import {
  parseWebhookUrl,
  RefusedTargetError,
  resolveWebhookTarget,
  type TargetPolicy,
} from "./webhook-target";
import {
  webhookDeliverySelect,
  webhookEndpointSelect,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from "./webhook.type";

const deliveriesScope = "webhook-deliveries";

/** 256 random bits; the prefix tells a leaked one apart from other secrets. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** ADMIN's webhook endpoints and their delivery log. */
export class WebhookEndpointService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
    private readonly policy: TargetPolicy,
  ) {}

  /** Oldest first: a shop has a handful. */
  listEndpoints(_ctx: RequestContext): Promise<WebhookEndpointRow[]> {
    return this.prisma.webhookEndpoint.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: webhookEndpointSelect,
    });
  }

  findEndpointRow(_ctx: RequestContext, key: string): Promise<WebhookEndpointRow | null> {
    return this.prisma.webhookEndpoint.findUnique({ where: { id: key }, select: webhookEndpointSelect });
  }

  findDeliveryRow(_ctx: RequestContext, key: string): Promise<WebhookDeliveryRow | null> {
    return this.prisma.webhookDelivery.findUnique({ where: { id: key }, select: webhookDeliverySelect });
  }

  /** An endpoint's deliveries, newest first, keyset-paged; `status` narrows to one. */
  async listDeliveries(
    _ctx: RequestContext,
    endpointKey: string,
    args: ConnectionArgs & { status?: WebhookDeliveryStatus | null },
  ): Promise<Page<WebhookDeliveryRow>> {
    const after =
      args.after !== null && args.after !== undefined
        ? this.cursors.decode(args.after, deliveriesScope)
        : null;
    const where = { endpointId: endpointKey, ...(args.status ? { status: args.status } : {}) };
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { AND: [where, newestFirstSeek(after)] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: pageSize(args) + 1,
      select: webhookDeliverySelect,
    });
    return toPage(rows, pageSize(args), after, newestFirstEdge(this.cursors, deliveriesScope), () =>
      this.prisma.webhookDelivery.count({ where }),
    );
  }

  /**
   * Registers an endpoint and makes its signing secret, returned only here.
   * @throws BAD_USER_INPUT naming `url` for a URL Bazaar will not send to (see webhook-target.ts).
   */
  async createEndpoint(
    ctx: RequestContext,
    input: CreateWebhookEndpointInput,
  ): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    const url = await this.checkedUrl(input.url);
    const secret = newSigningSecret();
    const endpoint = await this.transactions.withTransaction(ctx, async (ctx) => {
      const created = await transactionOf(ctx).webhookEndpoint.create({
        data: { url, events: [...new Set(input.events)], secret },
        select: webhookEndpointSelect,
      });
      await recordCreation(
        ctx,
        "webhook_endpoint.create",
        { type: "WebhookEndpoint", key: created.id },
        auditedEndpoint(created),
      );
      return created;
    });
    return { endpoint, secret };
  }

  /** Turning an endpoint on clears why Bazaar turned it off, and its run of failures. */
  async updateEndpoint(ctx: RequestContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointRow> {
    const id = keyFromGlobalId(input.id, "WebhookEndpoint", "id");
    const url = input.url === null || input.url === undefined ? undefined : await this.checkedUrl(input.url);
    const active = input.active ?? undefined;
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const before = await tx.webhookEndpoint.findUnique({ where: { id }, select: webhookEndpointSelect });
      if (!before) throw notFound("Webhook endpoint");
      const after = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          url,
          events: input.events ? [...new Set(input.events)] : undefined,
          active,
          ...(active === undefined ? {} : { disabledReason: null, consecutiveFailures: 0 }),
        },
        select: webhookEndpointSelect,
      });
      await recordUpdate(
        ctx,
        "webhook_endpoint.update",
        { type: "WebhookEndpoint", key: id },
        auditedEndpoint(before),
        auditedEndpoint(after),
      );
      return after;
    });
  }

  /** Deletes the endpoint with its delivery log (an attempt in flight then records nothing). */
  async deleteEndpoint(ctx: RequestContext, endpointId: string): Promise<boolean> {
    const id = keyFromGlobalId(endpointId, "WebhookEndpoint", "id");
    await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: webhookEndpointSelect });
      if (!endpoint) throw notFound("Webhook endpoint");
      await tx.webhookDelivery.deleteMany({ where: { endpointId: id } });
      await tx.webhookEndpoint.delete({ where: { id } });
      await recordAudit(ctx, {
        action: "webhook_endpoint.delete",
        subject: { type: "WebhookEndpoint", key: id },
        changes: changesBetween(auditedEndpoint(endpoint), null),
      });
    });
    return true;
  }

  /**
   * Sends the delivery's event to its endpoint again: a new delivery (a new series of
   * attempts) of the same event, with the same event id, due at once.
   * @throws CONFLICT when the endpoint is turned off (turn it on first).
   */
  async redeliver(ctx: RequestContext, deliveryId: string): Promise<WebhookDeliveryRow> {
    const id = keyFromGlobalId(deliveryId, "WebhookDelivery", "deliveryId");
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const original = await tx.webhookDelivery.findUnique({
        where: { id },
        select: { eventId: true, endpointId: true },
      });
      const endpoint =
        original &&
        (await tx.webhookEndpoint.findUnique({
          where: { id: original.endpointId },
          select: { active: true },
        }));
      if (!original || !endpoint) throw notFound("Webhook delivery");
      if (!endpoint.active)
        throw conflict("The delivery's endpoint is turned off: turn it on to redeliver.", "deliveryId");
      const delivery = await tx.webhookDelivery.create({
        data: { eventId: original.eventId, endpointId: original.endpointId },
        select: webhookDeliverySelect,
      });
      await recordCreation(
        ctx,
        "webhook_delivery.redeliver",
        { type: "WebhookDelivery", key: delivery.id },
        { redeliveryOf: toGlobalId("WebhookDelivery", id) },
      );
      return delivery;
    });
  }

  private async checkedUrl(raw: string): Promise<string> {
    try {
      const url = parseWebhookUrl(raw.trim(), this.policy);
      await resolveWebhookTarget(url, this.policy);
      return url.href;
    } catch (error) {
      if (error instanceof RefusedTargetError) throw badUserInput(error.message, "url");
      throw error;
    }
  }
}
