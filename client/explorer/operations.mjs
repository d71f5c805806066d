// Turns the example operations in client/operations/*.graphql, and the flows in
// client/explorer/flows/, into GraphiQL tabs at build time: the explorer then works offline
// and shows exactly what the SDK sends.
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

/** Every .graphql file of `dir`, in file-name order, parsed (an unparsable one with no definitions). */
function readGraphqlFiles(dir, label) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => {
      const file = { name, label: `${label}/${name}`, source: readFileSync(path.join(dir, name), "utf8") };
      try {
        return { ...file, document: parse(file.source) };
      } catch (error) {
        // Codegen reports broken operations; the explorer must not stop `npm run build`
        // over one. The tab still opens, and GraphiQL marks the error in the editor.
        console.warn(`explorer: ${file.label} does not parse (${error.message}); added as written`);
        return { ...file, document: { kind: Kind.DOCUMENT, definitions: [] }, broken: true };
      }
    });
}

function fragmentsOf(files) {
  const fragments = new Map();
  for (const { document } of files) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

/**
 * The tab's text: the file, then the fragments it spreads that other files define
 * (transitively), because GraphiQL sends only the tab's text. Null for a file of fragments
 * only: it is not runnable on its own, and its fragments travel with the operations.
 */
function tabQuery({ label, source, document, broken }, fragments) {
  const operations = document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length === 0 && !broken) return null;
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
      console.warn(`explorer: ${label} uses fragment ${fragmentName}, which no file defines`);
      continue;
    }
    local.add(fragmentName);
    added.push(fragment);
    pending.push(...fragmentSpreads(fragment));
  }
  const appended = added.map((fragment) => print(fragment)).join("\n\n");
  return `# ${label}\n${source.trimEnd()}\n${appended ? `\n# Fragments from other files\n${appended}\n` : ""}`;
}

/**
 * One tab per file of client/operations, in file-name order. No variables are pre-filled:
 * GraphiQL autocompletes them from the operation's definitions, and ignores a first tab's
 * preset variables anyway (@graphiql/react 0.29).
 */
export function readOperationTabs(operationsDir) {
  const files = readGraphqlFiles(operationsDir, "client/operations");
  const fragments = fragmentsOf(files);
  return files.flatMap((file) => {
    const query = tabQuery(file, fragments);
    return query === null ? [] : [{ query }];
  });
}

/**
 * One tab per flow in `flowsDir` (client/explorer/flows): the steps of a journey as
 * operations that share one set of variables, preset from `<name>.variables.json`. They
 * use the SDK's fragments from `operationsDir`. Flows come after the operation tabs, so
 * their variables are not the first tab's, which GraphiQL would ignore.
 */
export function readFlowTabs(flowsDir, operationsDir) {
  const fragments = fragmentsOf(readGraphqlFiles(operationsDir, "client/operations"));
  return readGraphqlFiles(flowsDir, "client/explorer/flows").flatMap((file) => {
    const query = tabQuery(file, fragments);
    if (query === null) return [];
    const variablesFile = path.join(flowsDir, file.name.replace(/\.graphql$/, ".variables.json"));
    return [
      existsSync(variablesFile) ? { query, variables: readFileSync(variablesFile, "utf8") } : { query },
    ];
  });
}
