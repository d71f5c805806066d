import { accountWithRoles, staffAccount, type Account } from "../../helpers/accounts";
import { createProductOk } from "../../helpers/catalog";
import { dataOf, expectError } from "../../helpers/results";
import { useStarted, useTestApp } from "../../helpers/test-app";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import { createWebhookEndpoint, waitForDeliveries } from "../../helpers/webhooks";
import { globalId } from "../../helpers/ids";

/**
 * SSRF by default (BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS unset): URLs that lead into the
 * server's own network are refused when an endpoint is created, and again at every delivery.
 */

const t = useTestApp({ BAZAAR_WEBHOOK_MAX_ATTEMPTS: "1", BAZAAR_WEBHOOK_BACKOFF_BASE_MS: "20" });
const receiver = useStarted(() => startWebhookReceiver());
let admin: Account;

beforeAll(async () => {
  admin = await accountWithRoles(t, ["ADMIN"]);
});

test.each([
  ["loopback", "http://127.0.0.1:8080/hooks"],
  ["loopback, elsewhere in 127/8", "http://127.42.0.1/hooks"],
  ["private 10/8", "http://10.0.0.5/hooks"],
  ["private 172.16/12", "https://172.20.1.1/hooks"],
  ["private 192.168/16", "http://192.168.0.10/hooks"],
  ["link-local, the cloud metadata service", "http://169.254.169.254/latest/meta-data/"],
  ["unspecified", "http://0.0.0.0:4000/"],
  ["IPv6 loopback", "http://[::1]:4000/"],
  ["IPv6 unique-local", "http://[fd00:ec2::254]/"],
  ["IPv6 link-local", "http://[fe80::1]/"],
  ["IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]/"],
  ["localhost", "http://localhost:4000/hooks"],
  ["a subdomain of localhost", "http://shop.localhost/hooks"],
  ["decimal IPv4", "http://2130706433/hooks"],
  ["hex IPv4", "http://0x7f000001/hooks"],
  ["dotted hex IPv4", "http://0x7f.0x0.0x0.0x1/hooks"],
  ["octal IPv4", "http://0177.0.0.1/hooks"],
  ["not http(s)", "file:///etc/passwd"],
])("%s (%s): BAD_USER_INPUT naming url, nothing created", async (_what, url) => {
  expectError(
    await createWebhookEndpoint(t, admin.token, { url, events: ["ORDER_PAID"] }),
    "BAD_USER_INPUT",
    "url",
  );
  expect(await t.db.prisma.webhookEndpoint.count({ where: { url } })).toBe(0);
});

test("a public address is accepted", async () => {
  const { endpoint } = dataOf(
    await createWebhookEndpoint(t, admin.token, {
      url: "https://93.184.215.14/hooks",
      events: ["ORDER_REFUNDED"],
    }),
  ).createWebhookEndpoint;
  expect(endpoint.url).toBe("https://93.184.215.14/hooks");
});

test("checked again at delivery: an endpoint that now leads to 127.0.0.1 gets nothing, the delivery FAILED", async () => {
  const staff = await staffAccount(t);
  // As if its host's DNS had changed since it was created: the row points at loopback.
  const row = await t.db.prisma.webhookEndpoint.create({
    data: { url: receiver.url, events: ["PRODUCT_CREATED"], secret: "whsec_test" },
  });
  await createProductOk(t, staff.token);
  const [delivery] = await waitForDeliveries(t, admin.token, globalId("WebhookEndpoint", row.id), (all) =>
    all.some((one) => one.status === "FAILED"),
  );
  expect(delivery).toMatchObject({ status: "FAILED", attempts: 1, responseStatus: null });
  expect(delivery!.lastError).toMatch(/resolves to a loopback address \(127\.0\.0\.1\)/);
  expect(receiver.requests).toEqual([]);
});
