// Bundles the offline explorer (GraphiQL from npm, no CDN) into dist/explorer/, which
// src/http/explorer.routes.ts serves at /graphiql. Run by `npm run build`, and by the
// browser tests when the bundle is missing.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { fallbackQuery, readFlowTabs, readOperationTabs } from "./operations.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const outDir = path.join(root, "dist/explorer");
const operationsDir = path.join(root, "client/operations");
const flowsDir = path.join(here, "flows");
const schemaFile = path.join(root, "schema.graphql");

// The operations reach the bundle as a module of its own, so main.tsx stays plain code
// and the page needs no inline script (the CSP forbids those).
const operationTabs = readOperationTabs(operationsDir);
const tabs = [...operationTabs, ...readFlowTabs(flowsDir, operationsDir)];
// The committed SDL (test/schema.test.ts keeps it equal to the resolvers) gives GraphiQL its
// docs and autocompletion without introspecting: the server's depth limit refuses the
// introspection query, and production may turn introspection off.
const schemaSdl = existsSync(schemaFile) ? readFileSync(schemaFile, "utf8") : null;
const operationsModule = {
  name: "explorer-operations",
  setup(builder) {
    builder.onResolve({ filter: /^explorer:operations$/ }, () => ({
      path: "operations",
      namespace: "explorer",
    }));
    builder.onLoad({ filter: /.*/, namespace: "explorer" }, () => ({
      contents: JSON.stringify({ tabs, fallbackQuery, schemaSdl }),
      loader: "json",
    }));
  },
};

const result = await build({
  entryPoints: { explorer: path.join(here, "main.tsx") },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  jsx: "automatic",
  // React's development build is several times larger and warns in the console.
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  outdir: outDir,
  write: false,
  logLevel: "warning",
  plugins: [operationsModule],
});

const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Bazaar explorer</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/graphiql/explorer.css">
    <script src="/graphiql/explorer.js" defer></script>
  </head>
  <body>
    <div id="graphiql">Loading the explorer…</div>
  </body>
</html>
`;

/**
 * Each file goes to a temporary name and is renamed into place: two test workers may build
 * at once, and the server must never read a half-written bundle. index.html comes last,
 * as it is what "the explorer is built" is checked by.
 */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

mkdirSync(outDir, { recursive: true });
for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
writeAtomically(path.join(outDir, "index.html"), html);

const source =
  tabs.length > 0
    ? `${operationTabs.length} example operation file(s) from client/operations and ` +
      `${tabs.length - operationTabs.length} flow(s) from client/explorer/flows`
    : "the built-in products query (client/operations has none)";
console.log(`explorer: built ${path.relative(root, outDir)}/ with ${source}`);
