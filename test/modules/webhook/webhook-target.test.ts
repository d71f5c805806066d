import {
  parseWebhookUrl,
  RefusedTargetError,
  refusedAddressRange,
  resolveWebhookTarget,
} from "../../../src/modules/webhook/webhook-target";
import { retryDelayMs } from "../../../src/modules/webhook/retry-backoff";

/** The SSRF rules on their own: which addresses and URLs may receive webhooks. */

const strict = { allowPrivateUrls: false, requireHttps: false };

describe("refusedAddressRange: only global unicast addresses may receive webhooks", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["100.100.100.200", "carrierGradeNat"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["64:ff9b::a00:1", "rfc6052"],
    ["2002:a00:1::", "6to4"],
    ["224.0.0.1", "multicast"],
  ])("%s is refused (%s)", (address, range) => {
    expect(refusedAddressRange(address)).toBe(range);
  });

  test.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111"])("%s may", (address) => {
    expect(refusedAddressRange(address)).toBeNull();
  });
});

describe("parseWebhookUrl", () => {
  test.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::ffff:7f00:1]/", "[::ffff:7f00:1]"],
  ])("%s is read as %s, which the address check then refuses", async (url, host) => {
    const parsed = parseWebhookUrl(url, strict);
    expect(parsed.hostname).toBe(host);
    await expect(resolveWebhookTarget(parsed, strict)).rejects.toThrow(RefusedTargetError);
  });

  test.each(["http://localhost:3000/", "http://LOCALHOST./", "http://api.localhost/"])(
    "%s is refused by name",
    (url) => {
      expect(() => parseWebhookUrl(url, strict)).toThrow("url must not point at localhost.");
    },
  );

  test.each(["ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "not a url", "/relative"])(
    "%s is not an http(s) URL",
    (url) => {
      expect(() => parseWebhookUrl(url, strict)).toThrow(RefusedTargetError);
    },
  );

  test("in production only https", () => {
    const production = { allowPrivateUrls: false, requireHttps: true };
    expect(() => parseWebhookUrl("http://example.com/hooks", production)).toThrow("url must be https.");
    expect(parseWebhookUrl("https://example.com/hooks", production).href).toBe("https://example.com/hooks");
  });

  test("allowed private URLs: localhost and 127.0.0.1 pass", async () => {
    const open = { allowPrivateUrls: true, requireHttps: false };
    const url = parseWebhookUrl("http://localhost:8080/hooks", open);
    expect((await resolveWebhookTarget(url, open)).map((a) => a.address)).toEqual(
      expect.arrayContaining(["127.0.0.1"]),
    );
  });
});

describe("resolveWebhookTarget", () => {
  test("a name that resolves to a loopback address is refused after the lookup", async () => {
    // `localhost` skips the name rule here: what is checked is what DNS (the hosts file) answers.
    await expect(resolveWebhookTarget(new URL("http://localhost/"), strict)).rejects.toThrow(
      /resolves to a loopback address/,
    );
  });

  test("a public IP literal is taken as it is, with no lookup", async () => {
    expect(await resolveWebhookTarget(new URL("https://93.184.215.14/hooks"), strict)).toEqual([
      { address: "93.184.215.14", family: 4 },
    ]);
  });

  test("a host that does not resolve is refused", async () => {
    await expect(resolveWebhookTarget(new URL("http://no-such-host.invalid/"), strict)).rejects.toThrow(
      /does not resolve/,
    );
  });
});

describe("retryDelayMs", () => {
  test("doubles per attempt from the base, within ±25 % jitter, and never beyond an hour", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3000);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(5000);
    expect(retryDelayMs(30, 10_000, () => 0.5)).toBe(3_600_000);
  });
});
