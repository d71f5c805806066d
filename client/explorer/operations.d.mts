// The types of operations.mjs, for the TypeScript that imports it (test/browser/explorer-flows.test.ts).

/** A GraphiQL tab as the explorer opens it on a first visit. */
export interface ExplorerTab {
  query: string;
  /** Preset variables, JSON text (flows only). */
  variables?: string;
}

export const fallbackQuery: string;
export function readOperationTabs(operationsDir: string): ExplorerTab[];
export function readFlowTabs(flowsDir: string, operationsDir: string): ExplorerTab[];
