import type { RequestContext } from "./common/request-context";
import type { Loaders } from "./loaders";
import type { Services } from "./services";

/**
 * What every resolver receives, built once per request by `createContext`: the caller (the
 * RequestContext that services take), the request's DataLoaders and the services. Services
 * never see this object — only `request`.
 */
export interface Context {
  request: RequestContext;
  /** The shop's currency (ISO 4217), for every Money in the response. */
  currencyCode: string;
  loaders: Loaders;
  /** Load selected relations with their parents in one statement (config `BAZAAR_LOOKAHEAD`). */
  lookAhead: boolean;
  services: Services;
  /**
   * Subscriptions only: the subscription server calls it with each event before resolving
   * it. It renews `request` (the viewer is checked again: a session revoked meanwhile closes
   * the socket) and `loaders` (fresh reads for each event), and tracks the event as work in
   * flight until it is sent.
   */
  live?: { nextEvent(event: object): Promise<void> };
}
