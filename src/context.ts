import type { Viewer } from "./auth/viewer";
import type { Loaders } from "./loaders";
import type { Services } from "./services";

/** Facts about the HTTP request that services need (throttling, session metadata, logs). */
export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | null;
}

/** What every resolver receives: built once per request by `createContext`. */
export interface Context extends RequestInfo {
  viewer: Viewer;
  /** The shop's currency (ISO 4217), for every Money in the response. */
  currencyCode: string;
  loaders: Loaders;
  services: Services;
}
