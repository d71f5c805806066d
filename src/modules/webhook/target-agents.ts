import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { pinnedLookup } from "./webhook-target";

/** Targets whose connections are kept; past this the least recently used one's are closed. */
const maxTargets = 100;

/** Connections open at once to one target, and kept open between deliveries. */
const connectionsPerTarget = 16;

/**
 * Keep-alive connection pools, one per URL origin AND set of checked addresses: every
 * connection of a pool was opened to addresses checked for that origin, so reusing one never
 * reaches an address that was not checked (when the host resolves elsewhere, that is another
 * pool, opened only after the new addresses pass the check). Reuse spares each delivery a
 * TCP (and TLS) handshake. Idle connections do not keep the process alive.
 */
export class TargetAgents {
  private readonly agents = new Map<string, http.Agent>();

  for(url: URL, addresses: readonly LookupAddress[]): http.Agent {
    const key = `${url.origin} ${addresses.map((a) => a.address).join(",")}`;
    const known = this.agents.get(key);
    if (known) {
      // Most recently used last: the first entry is the one to evict.
      this.agents.delete(key);
      this.agents.set(key, known);
      return known;
    }
    const options = {
      keepAlive: true,
      maxSockets: connectionsPerTarget,
      // All of them: a batch of deliveries to one endpoint opens up to as many at once, and
      // the next batch would otherwise pay a TCP (and TLS) handshake for each one closed.
      maxFreeSockets: connectionsPerTarget,
      lookup: pinnedLookup([...addresses]),
    };
    const agent = url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    this.agents.set(key, agent);
    if (this.agents.size > maxTargets) {
      const [oldestKey, oldest] = this.agents.entries().next().value!;
      this.agents.delete(oldestKey);
      oldest.destroy();
    }
    return agent;
  }
}
