import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** What the server allows webhook URLs to point at (config: BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS, production). */
export interface TargetPolicy {
  allowPrivateUrls: boolean;
  requireHttps: boolean;
}

/** A URL Bazaar will not send webhooks to; the message says why, without internals. */
export class RefusedTargetError extends Error {}

/**
 * Why `address` may not receive webhooks, or null when it may. Only globally routable
 * unicast addresses may: loopback, private (RFC 1918), link-local (cloud metadata lives at
 * 169.254.169.254), unique-local, unspecified, carrier-grade NAT, multicast, reserved and
 * the IPv6 ranges that embed IPv4 addresses (6to4, NAT64, Teredo) are all refused. An
 * IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
 */
export function refusedAddressRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  const range = ipaddr.process(address).range();
  return range === "unicast" ? null : range;
}

/** `localhost` and its subdomains (RFC 6761) are loopback whatever DNS says. */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/**
 * Parses a webhook URL and checks what can be checked without DNS: http or https (https
 * only in production), a host, and not `localhost`. WHATWG URL parsing turns decimal, hex
 * and octal IPv4 spellings (http://2130706433/, http://0x7f.1/) into dotted decimal, so the
 * address checks see 127.0.0.1.
 */
export function parseWebhookUrl(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedTargetError("url must be an absolute http(s) URL.");
  }
  const protocols = policy.requireHttps ? ["https:"] : ["http:", "https:"];
  if (!protocols.includes(url.protocol))
    throw new RefusedTargetError(`url must be ${policy.requireHttps ? "https" : "http or https"}.`);
  if (url.hostname === "") throw new RefusedTargetError("url must name a host.");
  if (!policy.allowPrivateUrls && isLocalhostName(url.hostname))
    throw new RefusedTargetError("url must not point at localhost.");
  return url;
}

/** The host of a URL as DNS or an IP literal takes it (IPv6 literals lose their brackets). */
function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Every address the URL's host resolves to, each checked: one refused address refuses the
 * URL, as a connection could go to any of them. Checked again at every delivery (DNS can
 * change), and the connection then goes to exactly these addresses (`pinnedLookup`), so no
 * second lookup can answer differently between the check and the connect.
 */
export async function resolveWebhookTarget(url: URL, policy: TargetPolicy): Promise<LookupAddress[]> {
  const host = hostOf(url);
  const family = isIP(host);
  let addresses: LookupAddress[];
  if (family !== 0) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "lookup failed";
      throw new RefusedTargetError(`url's host ${host} does not resolve (${code}).`);
    }
  }
  if (addresses.length === 0) throw new RefusedTargetError(`url's host ${host} does not resolve.`);
  if (policy.allowPrivateUrls) return addresses;
  for (const { address } of addresses) {
    const range = refusedAddressRange(address);
    if (range !== null)
      throw new RefusedTargetError(
        `url resolves to a ${range} address (${address}); only public addresses may receive webhooks.`,
      );
  }
  return addresses;
}

/** A `lookup` for http.request that answers with addresses already resolved and checked. */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}
