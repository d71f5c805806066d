// Types for the modules main.tsx imports that ship none.

// The virtual module build.mjs generates from client/operations/*.graphql and client/explorer/flows/.
declare module "explorer:operations" {
  interface ExampleTab {
    /** One file of client/operations or of the flows, plus the fragments it uses from other files. */
    query: string;
    /** A flow's preset variables (JSON text). */
    variables?: string;
  }
  const operations: {
    tabs: ExampleTab[];
    fallbackQuery: string;
    /** schema.graphql at build time; null: GraphiQL introspects the server instead. */
    schemaSdl: string | null;
  };
  export default operations;
}

// @types/react-dom is not installed; this is the one call the explorer makes (React 18 API).
declare module "react-dom/client" {
  import type { ReactNode } from "react";
  interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
