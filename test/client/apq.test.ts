import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CategoryTreeDocument, createBazaarClient, MeDocument } from "../../client";
import manifest from "../../client/generated/persisted-documents.json";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { postRaw, recordingFetch } from "./sdk-helpers";

/** Automatic Persisted Queries in normal mode: Apollo's default, which the SDK relies on. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

test("the manifest holds every operation in client/operations, keyed by the SHA-256 of its exact text", () => {
  const operationsDir = path.join(__dirname, "..", "..", "client", "operations");
  const source = readdirSync(operationsDir)
    .map((file) => readFileSync(path.join(operationsDir, file), "utf8"))
    .join("\n");
  const declared = [...source.matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]);
  const entries = Object.entries(manifest);
  const persisted = entries.map(([, text]) => /(?:^| )(?:query|mutation) (\w+)/.exec(text)?.[1]);
  expect(persisted.sort()).toEqual(declared.sort());
  for (const [key, text] of entries) expect(key).toBe(`sha256:${sha256(text)}`);
});

test("a hash the server has not seen is PERSISTED_QUERY_NOT_FOUND; once sent with its text, the hash alone works", async () => {
  const query = "query ApqProbe { categories { id } }";
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };

  const unknown = await postRaw(t.baseUrl, { extensions: { persistedQuery } });
  expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);

  expect(await postRaw(t.baseUrl, { query, extensions: { persistedQuery } })).toEqual({
    status: 200,
    data: { categories: [] },
  });
  expect(await postRaw(t.baseUrl, { extensions: { persistedQuery } })).toEqual({
    status: 200,
    data: { categories: [] },
  });
});

test("a hash that does not match the text sent with it is refused, and nothing runs", async () => {
  const answer = await postRaw(t.baseUrl, {
    query: "{ categories { id } }",
    extensions: { persistedQuery: { version: 1, sha256Hash: sha256("{ me { id } }") } },
  });
  expect(answer.status).toBe(400);
  expect(answer.data).toBeUndefined();
});

test("the SDK sends the hash first, the text only when asked, then the hash alone", async () => {
  const { fetch, sent } = recordingFetch();
  const bazaar = createBazaarClient({ url: `${t.baseUrl}/graphql`, fetch });

  expect(await bazaar.request(CategoryTreeDocument)).toEqual({ categories: [] });
  const hash = sent[0]?.extensions?.persistedQuery?.sha256Hash;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(
    sent.map((request) => [request.operationName, request.query === undefined ? "hash only" : "with text"]),
  ).toEqual([
    ["CategoryTree", "hash only"],
    ["CategoryTree", "with text"],
  ]);
  // The text sent is the manifest's, byte for byte: the hash is of exactly that.
  expect(sent[1]?.query).toBe((manifest as Record<string, string>)[`sha256:${hash}`]);

  sent.length = 0;
  expect(await bazaar.request(CategoryTreeDocument)).toEqual({ categories: [] });
  expect(sent).toEqual([
    {
      operationName: "CategoryTree",
      variables: {},
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    },
  ]);
});

test("a client built with persistedQueries: false always sends the text", async () => {
  const { fetch, sent } = recordingFetch();
  const bazaar = createBazaarClient({ url: `${t.baseUrl}/graphql`, fetch, persistedQueries: false });
  expect(await bazaar.request(MeDocument)).toEqual({ me: null });
  expect(sent).toHaveLength(1);
  expect(sent[0]?.query).toContain("query Me");
  expect(sent[0]?.extensions).toBeUndefined();
});
