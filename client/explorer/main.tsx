// The offline explorer: GraphiQL from npm, bundled by build.mjs and served at /graphiql,
// for when Apollo Sandbox (loaded from the internet) cannot be reached.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { buildSchema } from "graphql";
import "graphiql/graphiql.css";
import { createRoot } from "react-dom/client";
import operations from "explorer:operations";
import "./explorer.css";

// Same origin as the page: the CSP allows `connect-src 'self'` and nothing else, and
// Apollo's CSRF prevention accepts the JSON POSTs the fetcher sends.
const fetcher = createGraphiQLFetcher({ url: new URL("/graphql", window.location.href).toString() });

// Built from the bundled SDL, so the page never sends the introspection query (see build.mjs).
const schema = operations.schemaSdl === null ? undefined : buildSchema(operations.schemaSdl);

const container = document.getElementById("graphiql");
if (!container) throw new Error("explorer: the page has no #graphiql element");
container.textContent = "";

// GraphiQL keeps the tabs a user edited in localStorage; these are only the first visit's.
const hasExamples = operations.tabs.length > 0;
createRoot(container).render(
  <GraphiQL
    fetcher={fetcher}
    schema={schema}
    defaultTabs={hasExamples ? operations.tabs : undefined}
    defaultQuery={hasExamples ? undefined : operations.fallbackQuery}
    // Variables are where the examples need filling in; headers carry the sign-in token.
    defaultEditorToolsVisibility={hasExamples ? "variables" : false}
  />,
);
