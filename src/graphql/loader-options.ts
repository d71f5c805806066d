/**
 * DataLoader settings every loader of a request shares. `{ batch: false }` (config
 * `BAZAAR_DATALOADER_BATCHING=false`) sends one query per parent — the naive N+1 way — and
 * exists only so `npm run bench` can measure what batching saves. A loader with options of
 * its own (e.g. `cacheKeyFn`) spreads these first, then adds its own.
 */
export interface LoaderOptions {
  batch?: boolean;
}
