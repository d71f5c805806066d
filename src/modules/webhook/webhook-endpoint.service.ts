import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { WebhookDeliveryStatus } from "../../generated/prisma/enums";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { newestFirstEdge, newestFirstSeek, type CursorCodec } from "../../graphql/cursor";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
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
    const endpoint = await this.transactions.withTransaction(ctx, (ctx) =>
      transactionOf(ctx).webhookEndpoint.create({
        data: { url, events: [...new Set(input.events)], secret },
        select: webhookEndpointSelect,
      }),
    );
    return { endpoint, secret };
  }

  /** Turning an endpoint on clears why Bazaar turned it off, and its run of failures. */
  async updateEndpoint(ctx: RequestContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointRow> {
    const id = keyFromGlobalId(input.id, "WebhookEndpoint", "id");
    const url = input.url === null || input.url === undefined ? undefined : await this.checkedUrl(input.url);
    const active = input.active ?? undefined;
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      if (!(await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } })))
        throw notFound("Webhook endpoint");
      return tx.webhookEndpoint.update({
        where: { id },
        data: {
          url,
          events: input.events ? [...new Set(input.events)] : undefined,
          active,
          ...(active === undefined ? {} : { disabledReason: null, consecutiveFailures: 0 }),
        },
        select: webhookEndpointSelect,
      });
    });
  }

  /** Deletes the endpoint with its delivery log (an attempt in flight then records nothing). */
  async deleteEndpoint(ctx: RequestContext, endpointId: string): Promise<boolean> {
    const id = keyFromGlobalId(endpointId, "WebhookEndpoint", "id");
    const { count } = await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      await tx.webhookDelivery.deleteMany({ where: { endpointId: id } });
      return tx.webhookEndpoint.deleteMany({ where: { id } });
    });
    if (count === 0) throw notFound("Webhook endpoint");
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
      return tx.webhookDelivery.create({
        data: { eventId: original.eventId, endpointId: original.endpointId },
        select: webhookDeliverySelect,
      });
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
