// Turns the example operations in client/operations/*.graphql into GraphiQL tabs, at
// build time: the explorer then works offline and shows exactly what the SDK sends.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, print, visit } from "graphql";

/** Shown when there are no example operations yet, so the explorer never opens empty. */
export const fallbackQuery = `# Bazaar storefront: the newest products.
# Run it with the ▶ button (or Ctrl-Enter). Sign in with the \`login\` mutation and put
# {"authorization": "Bearer <token>"} in Headers for account and staff operations.
query Products($first: Int = 12) {
  products(first: $first, sortBy: NEWEST) {
    totalCount
    edges {
      node {
        id
        name
        slug
        priceRange {
          min { amount currencyCode }
        }
      }
    }
  }
}
`;

function fragmentSpreads(node) {
  const names = new Set();
  visit(node, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return names;
}

/**
 * One tab per file, in file-name order. A file that spreads fragments defined in another
 * file gets them appended (transitively), because GraphiQL sends only the tab's text.
 */
export function readOperationTabs(operationsDir) {
  if (!existsSync(operationsDir)) return [];
  const files = readdirSync(operationsDir)
    .filter((name) => name.endsWith(".graphql"))
    .sort();
  const documents = files.map((name) => {
    const source = readFileSync(path.join(operationsDir, name), "utf8");
    try {
      return { name, source, document: parse(source) };
    } catch (error) {
      // Codegen reports broken operations; the explorer must not stop `npm run build`
      // over one. The tab still opens, and GraphiQL marks the error in the editor.
      console.warn(`explorer: client/operations/${name} does not parse (${error.message}); added as written`);
      return { name, source, document: { kind: Kind.DOCUMENT, definitions: [] }, broken: true };
    }
  });

  const fragments = new Map();
  for (const { document } of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }

  const tabs = [];
  for (const { name, source, document, broken } of documents) {
    const operations = document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    // A file of fragments only is not runnable on its own; its fragments travel with the operations.
    if (operations.length === 0 && !broken) continue;
    const local = new Set(
      document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => d.name.value),
    );
    const added = [];
    const pending = [...fragmentSpreads(document)];
    while (pending.length > 0) {
      const fragmentName = pending.pop();
      if (local.has(fragmentName)) continue;
      const fragment = fragments.get(fragmentName);
      if (!fragment) {
        console.warn(
          `explorer: client/operations/${name} uses fragment ${fragmentName}, which no file defines`,
        );
        continue;
      }
      local.add(fragmentName);
      added.push(fragment);
      pending.push(...fragmentSpreads(fragment));
    }
    const appended = added.map((fragment) => print(fragment)).join("\n\n");
    // No variables are pre-filled: GraphiQL autocompletes them from the operation's
    // definitions, and ignores a first tab's preset variables anyway (@graphiql/react 0.29).
    tabs.push({
      query: `# client/operations/${name}\n${source.trimEnd()}\n${appended ? `\n# Fragments from other files\n${appended}\n` : ""}`,
    });
  }
  return tabs;
}
