import type { Logger } from "pino";
import { ApiClientCredentials } from "./auth/api-client-credentials";
import { ApiClientLastUse } from "./auth/api-client-last-use";
import { LoginThrottle } from "./auth/login-throttle";
import { PasswordHasher } from "./auth/passwords";
import { SessionStore } from "./auth/sessions";
import { ViewerResolver } from "./auth/viewer-resolver";
import type { Config } from "./config";
import type { DirectSql } from "./db/direct-sql";
import type { PrismaClient } from "./db/prisma-client";
import { Transactions } from "./db/transactions";
import { ChangeEvents } from "./events/change-events";
import type { ChangePubSub } from "./events/change-pubsub";
import { CursorCodec } from "./graphql/cursor";
import type { JobQueue } from "./jobs/job-queue";
import type { MailTransport } from "./mail/mail-transport";
import { AccountService } from "./modules/account/account.service";
import { AddressService } from "./modules/account/address.service";
import { ApiClientService } from "./modules/api-client/api-client.service";
import { AuditLogService } from "./modules/audit/audit-log.service";
import { PasswordResetService } from "./modules/account/password-reset.service";
import { CartService } from "./modules/cart/cart.service";
import { CatalogAdminService } from "./modules/catalog/catalog-admin.service";
import { CatalogService } from "./modules/catalog/catalog.service";
import { DiscountService } from "./modules/discount/discount.service";
import { CheckoutQuoteService } from "./modules/order/checkout-quote.service";
import { CheckoutService } from "./modules/order/checkout.service";
import { MaintenanceSweeper } from "./modules/order/maintenance-sweeper";
import { OrderService } from "./modules/order/order.service";
import type { PaymentGateway } from "./modules/payment/payment-gateway";
import { PaymentWebhookService } from "./modules/payment/payment-webhook.service";
import { PaymentService } from "./modules/payment/payment.service";
import { TestGateway } from "./modules/payment/test-gateway";
import { ReviewService } from "./modules/review/review.service";
import { ShippingService } from "./modules/shipping/shipping.service";
import { TaxService } from "./modules/tax/tax.service";
import { WebhookDeliveries } from "./modules/webhook/webhook-deliveries";
import { WebhookEndpointService } from "./modules/webhook/webhook-endpoint.service";
import { WebhookEvents } from "./modules/webhook/webhook-events";

export interface ServiceDependencies {
  prisma: PrismaClient;
  /** Hot single reads past Prisma's raw-query path (see direct-sql.ts). */
  sql: DirectSql;
  config: Config;
  logger: Logger;
  mailer: MailTransport;
  /** Where background work is enqueued; each service defines the kinds of job it needs on it. */
  jobs: JobQueue;
  /** Where this server is reached, for gateways that call back (known once it listens). */
  publicUrl: () => string;
  /** Carries change events to subscribers (in-process, or through Redis to every node). */
  pubSub: ChangePubSub;
}

/** The domain services: created once per app, shared by all requests (they hold no request state). */
export interface Services {
  sessions: SessionStore;
  /** Who a request's credentials (session, API client, buyer IP) stand for. */
  viewers: ViewerResolver;
  apiClients: ApiClientService;
  /** ADMIN's reading of the audit log (services write it with `recordAudit`). */
  auditLog: AuditLogService;
  accounts: AccountService;
  passwordResets: PasswordResetService;
  addresses: AddressService;
  catalog: CatalogService;
  catalogAdmin: CatalogAdminService;
  reviews: ReviewService;
  carts: CartService;
  checkout: CheckoutService;
  checkoutQuotes: CheckoutQuoteService;
  orders: OrderService;
  payments: PaymentService;
  webhooks: PaymentWebhookService;
  sweeper: MaintenanceSweeper;
  discounts: DiscountService;
  shipping: ShippingService;
  taxes: TaxService;
  /** ADMIN's outbound webhook endpoints and their delivery logs. */
  webhookEndpoints: WebhookEndpointService;
  /** Sends the outbox's deliveries (polled by the nodes that run jobs). */
  webhookDeliveries: WebhookDeliveries;
  cursors: CursorCodec;
  transactions: Transactions;
  /** Announces committed changes to subscribers, and streams them. */
  changes: ChangeEvents;
}

export function createServices({
  prisma,
  sql,
  config,
  logger,
  mailer,
  jobs,
  publicUrl,
  pubSub,
}: ServiceDependencies): Services {
  const passwords = new PasswordHasher();
  const transactions = new Transactions(prisma, logger);
  const changes = new ChangeEvents(transactions, pubSub);
  const sessions = new SessionStore(prisma, sql, config.sessionTtlHours);
  const throttle = new LoginThrottle(prisma, config.loginThrottle);
  const cursors = new CursorCodec(config.cursorSecret);
  const webhookDeliveries = new WebhookDeliveries(prisma, transactions, jobs, logger, config.webhooks);
  const webhookEvents = new WebhookEvents(config.currencyCode);
  const orders = new OrderService(prisma, sql, transactions, cursors, changes, webhookEvents);
  const testGateway = new TestGateway(
    {
      webhookSecret: config.testGatewayWebhookSecret,
      webhookUrl: () => `${publicUrl()}/webhooks/payments/test`,
      toleranceSeconds: config.webhookToleranceSeconds,
      firstDeliveryDelayMs: 100,
      latencyMs: config.testGatewayLatencyMs,
    },
    transactions,
    jobs,
  );
  const gateways = new Map<string, PaymentGateway>([[testGateway.name, testGateway]]);
  const sweeper = new MaintenanceSweeper(prisma, orders, logger, {
    unpaidOrderTtlMinutes: config.unpaidOrderTtlMinutes,
    intervalSeconds: config.sweepIntervalSeconds,
  });
  jobs.define(sweeper.job);
  const apiClientCredentials = new ApiClientCredentials(prisma, new ApiClientLastUse(prisma, logger));
  return {
    sessions,
    viewers: new ViewerResolver(sessions, apiClientCredentials),
    apiClients: new ApiClientService(prisma, transactions),
    auditLog: new AuditLogService(prisma, cursors),
    accounts: new AccountService(prisma, transactions, passwords, sessions, throttle),
    passwordResets: new PasswordResetService(prisma, transactions, passwords, sessions, mailer, jobs, {
      ttlMinutes: config.passwordResetTtlMinutes,
      resetUrl: config.passwordResetUrl,
    }),
    addresses: new AddressService(prisma),
    catalog: new CatalogService(prisma, sql, cursors, { searchRankLimit: config.searchRankLimit }),
    catalogAdmin: new CatalogAdminService(transactions, changes, webhookEvents),
    reviews: new ReviewService(prisma, transactions),
    carts: new CartService(transactions, sql),
    checkout: new CheckoutService(prisma, transactions, changes, webhookEvents, {
      currencyCode: config.currencyCode,
      pricesIncludeTax: config.pricesIncludeTax,
      idempotencyTtlHours: config.idempotencyTtlHours,
    }),
    checkoutQuotes: new CheckoutQuoteService(prisma, { pricesIncludeTax: config.pricesIncludeTax }),
    orders,
    payments: new PaymentService(
      prisma,
      transactions,
      testGateway,
      orders,
      changes,
      jobs,
      config.idempotencyTtlHours,
    ),
    webhooks: new PaymentWebhookService(prisma, transactions, gateways, changes, webhookEvents, logger),
    sweeper,
    discounts: new DiscountService(prisma, transactions, cursors),
    shipping: new ShippingService(prisma, transactions),
    taxes: new TaxService(prisma, transactions),
    webhookEndpoints: new WebhookEndpointService(prisma, transactions, cursors, config.webhooks),
    webhookDeliveries,
    cursors,
    transactions,
    changes,
  };
}
