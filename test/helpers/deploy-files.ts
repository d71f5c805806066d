import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

/** The repository's root, where the Dockerfile, docker-compose.yml and deploy/ live. */
export const repositoryRoot = path.resolve(__dirname, "../..");

export function readRepositoryFile(relativePath: string): string {
  return readFileSync(path.join(repositoryRoot, relativePath), "utf8");
}

/**
 * Every document of a YAML file, as plain data. `<<` merge keys are resolved, as Docker
 * Compose resolves them. A syntax error fails the caller.
 */
export function readYamlDocuments(relativePath: string): unknown[] {
  return parseAllDocuments(readRepositoryFile(relativePath), { merge: true }).map((document) => {
    if (document.errors.length > 0) throw new Error(`${relativePath}: ${document.errors[0]!.message}`);
    return document.toJS() as unknown;
  });
}

/** The settings `.env.example` documents, whether shown set (`NAME=…`) or commented out (`# NAME=…`). */
export function documentedSettings(): Set<string> {
  const names = readRepositoryFile(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm);
  return new Set([...names].map((match) => match[1]!));
}
