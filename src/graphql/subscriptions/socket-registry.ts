import type { WebSocket } from "ws";
import { SocketCloseCode } from "./close-codes";

/** Polls until `done()` or the deadline: shutdown waits for events being delivered. */
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * The open subscription sockets of this node: how many each IP holds (capped), and how many
 * events are being resolved and sent right now (so shutdown lets them finish before it
 * closes the sockets with 1001 Going Away).
 */
export class SocketRegistry {
  private readonly perIp = new Map<string, number>();
  private readonly sockets = new Set<WebSocket>();
  private eventsInFlight = 0;
  private closing = false;

  constructor(private readonly maxSocketsPerIp: number) {}

  /** Admits a new socket, or closes it at once (over its IP's cap, or shutting down). */
  admit(socket: WebSocket, ip: string): boolean {
    if (this.closing) {
      socket.close(SocketCloseCode.GoingAway, "The server is shutting down");
      return false;
    }
    const held = this.perIp.get(ip) ?? 0;
    if (held >= this.maxSocketsPerIp) {
      socket.close(
        SocketCloseCode.TooManySockets,
        `Too many connections from this address (at most ${this.maxSocketsPerIp})`,
      );
      return false;
    }
    this.perIp.set(ip, held + 1);
    this.sockets.add(socket);
    socket.once("close", () => {
      this.sockets.delete(socket);
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    });
    return true;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  /** An event started resolving; `eventSent` ends it. */
  eventStarted(): void {
    this.eventsInFlight += 1;
  }

  eventSent(): void {
    this.eventsInFlight -= 1;
  }

  /**
   * Shutdown: no new sockets; the events being resolved are sent (within `timeoutMs`), then
   * every socket is closed with 1001 so clients reconnect elsewhere.
   */
  async closeAll(timeoutMs: number): Promise<void> {
    this.closing = true;
    await until(() => this.eventsInFlight === 0, timeoutMs);
    for (const socket of this.sockets) socket.close(SocketCloseCode.GoingAway, "The server is shutting down");
    await until(() => this.sockets.size === 0, timeoutMs);
    // A client that does not answer the close handshake is cut off.
    for (const socket of this.sockets) socket.terminate();
  }
}
