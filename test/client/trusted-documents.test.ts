import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  CategoryTreeDocument,
  createBazaarClient,
  ProductListDocument,
  ProductUpdatedDocument,
  RegisterDocument,
} from "../../client";
import { uniqueEmail } from "../helpers/accounts";
import { seedProduct, type SeededProduct } from "../helpers/seed";
import { useSockets } from "../helpers/subscriptions";
import { useTestApp } from "../helpers/test-app";
import manifest from "../../client/generated/persisted-documents.json";
import { readTrustedDocuments } from "../../src/graphql/trusted-documents.plugin";
import { bazaarErrorOf, postRaw, recordingFetch } from "./sdk-helpers";

/** BAZAAR_TRUSTED_DOCUMENTS_ONLY: only the SDK's manifest runs; everything else is refused before it runs. */

const t = useTestApp({ BAZAAR_TRUSTED_DOCUMENTS_ONLY: "true" });
const socket = useSockets(t);
let product: SeededProduct;
beforeAll(async () => {
  product = await seedProduct(t);
});

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const texts = manifest as Record<string, string>;
/** The manifest's text of the one operation named `name`. */
function trustedText(name: string): string {
  const text = Object.values(texts).find((candidate) =>
    new RegExp(`(?:query|mutation|subscription) ${name}\\b`).test(candidate),
  );
  if (!text) throw new Error(`no operation ${name} in the manifest`);
  return text;
}
const codesOf = (answer: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] =>
  (answer.errors ?? []).map((error) => error.extensions?.code);

describe("trusted documents run", () => {
  test("by hash alone, from the very first request (no APQ registration round trip)", async () => {
    const persistedQuery = { version: 1, sha256Hash: sha256(trustedText("CategoryTree")) };
    expect(await postRaw(t.baseUrl, { extensions: { persistedQuery } })).toEqual({
      status: 200,
      data: { categories: [] },
    });
  });

  test("by full text, without a hash", async () => {
    const answer = await postRaw(t.baseUrl, { query: trustedText("ProductList"), variables: { first: 5 } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ products: { totalCount: 1 } });
  });

  test("through the SDK, which needs one request per operation", async () => {
    const { fetch, sent } = recordingFetch();
    const bazaar = createBazaarClient({ url: `${t.baseUrl}/graphql`, fetch });
    const { products } = await bazaar.request(ProductListDocument, { first: 24 });
    expect(products.edges).toHaveLength(1);
    expect(await bazaar.request(CategoryTreeDocument)).toEqual({ categories: [] });
    expect(sent.map((request) => request.query)).toEqual([undefined, undefined]);
  });
});

describe("anything else is refused before it runs: HTTP 400, PERSISTED_QUERY_NOT_IN_LIST", () => {
  test("an ad-hoc query", async () => {
    const answer = await postRaw(t.baseUrl, { query: "{ products(first: 1) { edges { node { id } } } }" });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["PERSISTED_QUERY_NOT_IN_LIST"]);
    expect(answer.data).toBeUndefined();
  });

  test("an ad-hoc mutation, which changes nothing", async () => {
    const users = await t.db.prisma.user.count();
    const carts = await t.db.prisma.cart.count();
    const email = uniqueEmail("adhoc");
    const answer = await postRaw(t.baseUrl, {
      query: `mutation { createCart { id } register(input: { email: "${email}", password: "correct horse battery", name: "Eve" }) { token } }`,
    });
    expect([answer.status, codesOf(answer)]).toEqual([400, ["PERSISTED_QUERY_NOT_IN_LIST"]]);
    expect(await t.db.prisma.user.count()).toBe(users);
    expect(await t.db.prisma.cart.count()).toBe(carts);
  });

  test("a trusted document with its text altered, even by one space", async () => {
    const answer = await postRaw(t.baseUrl, { query: `${trustedText("CategoryTree")} ` });
    expect([answer.status, codesOf(answer)]).toEqual([400, ["PERSISTED_QUERY_NOT_IN_LIST"]]);
  });

  test("an ad-hoc query over the limits: refused as untrusted, whatever it would cost", async () => {
    const deep = `{ categories { ${"children { ".repeat(14)}id${" }".repeat(14)} } }`;
    const answer = await postRaw(t.baseUrl, { query: deep });
    expect([answer.status, codesOf(answer)]).toEqual([400, ["PERSISTED_QUERY_NOT_IN_LIST"]]);
  });

  test("introspection", async () => {
    const answer = await postRaw(t.baseUrl, { query: "{ __schema { queryType { name } } }" });
    expect([answer.status, codesOf(answer)]).toEqual([400, ["PERSISTED_QUERY_NOT_IN_LIST"]]);
  });

  test("an unknown hash is not found, and sending its text does not register it", async () => {
    const query = "{ categories { id name } }";
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    expect(codesOf(await postRaw(t.baseUrl, { extensions: { persistedQuery } }))).toEqual([
      "PERSISTED_QUERY_NOT_FOUND",
    ]);
    const withText = await postRaw(t.baseUrl, { query, extensions: { persistedQuery } });
    expect([withText.status, codesOf(withText)]).toEqual([400, ["PERSISTED_QUERY_NOT_IN_LIST"]]);
    expect(codesOf(await postRaw(t.baseUrl, { extensions: { persistedQuery } }))).toEqual([
      "PERSISTED_QUERY_NOT_FOUND",
    ]);
  });

  test("the SDK surfaces the refusal as a BazaarError with the code and status", async () => {
    const adHoc: TypedDocumentNode<{ me: { id: string } | null }, Record<string, never>> = parse(
      "query AdHoc { me { id } }",
    );
    const error = await bazaarErrorOf(createBazaarClient({ url: `${t.baseUrl}/graphql` }).request(adHoc));
    expect([error.code, error.status]).toEqual(["PERSISTED_QUERY_NOT_IN_LIST", 400]);
    expect(error.message).toMatch(/only runs trusted documents/);
  });

  test("the refusal is logged with its code, like any refused operation", async () => {
    await postRaw(t.baseUrl, { query: "query Sneaky { me { id } }" });
    expect(
      t.logs.some(
        (line) =>
          line.msg === "graphql operation" &&
          line["operationName"] === "Sneaky" &&
          JSON.stringify(line["errors"]) === '["PERSISTED_QUERY_NOT_IN_LIST"]',
      ),
    ).toBe(true);
  });
});

test("a manifest operation still gets the usual errors", async () => {
  const bazaar = createBazaarClient({ url: `${t.baseUrl}/graphql` });
  const error = await bazaarErrorOf(
    bazaar.request(RegisterDocument, {
      input: { email: "not-an-email", password: "correct horse battery", name: "X" },
    }),
  );
  expect(error.code).toBe("BAD_USER_INPUT");
});

describe("the manifest is checked at start-up", () => {
  async function manifestFile(content: string): Promise<string> {
    const file = path.join(
      await mkdtemp(path.join(tmpdir(), "bazaar-manifest-")),
      "persisted-documents.json",
    );
    await writeFile(file, content);
    return file;
  }

  test("the generated manifest loads, keyed by bare hex hashes", async () => {
    const documents = await readTrustedDocuments(t.config.trustedDocuments.manifestPath);
    expect(documents.size).toBe(Object.keys(texts).length);
    expect(documents.get(sha256(trustedText("CategoryTree")))).toBe(trustedText("CategoryTree"));
  });

  test("an entry whose hash is not its text's stops start-up", async () => {
    const file = await manifestFile(
      JSON.stringify({ [`sha256:${sha256("{ me { id } }")}`]: "{ me { id email } }" }),
    );
    await expect(readTrustedDocuments(file)).rejects.toThrow(/is not the SHA-256 of its document/);
  });

  test("a missing or malformed manifest stops start-up, saying how to make one", async () => {
    await expect(readTrustedDocuments("/nonexistent/persisted-documents.json")).rejects.toThrow(
      /npm run codegen/,
    );
    await expect(readTrustedDocuments(await manifestFile("[]"))).rejects.toThrow(/must be a JSON object/);
  });
});

describe("subscriptions meet the same list", () => {
  test("the SDK's subscription runs, by its text or by its hash alone", async () => {
    const byText = await socket().subscribe(ProductUpdatedDocument, { productId: product.id });
    expect((await byText.nextData()).productUpdated.id).toBe(product.id);

    const persistedQuery = { version: 1, sha256Hash: sha256(trustedText("ProductUpdated")) };
    const byHash = socket().subscribeText("", { productId: product.id }, null, { persistedQuery });
    expect(await byHash.nextData()).toMatchObject({ productUpdated: { id: product.id } });
  });

  test("any other subscription document is refused with PERSISTED_QUERY_NOT_IN_LIST", async () => {
    const other = socket().subscribeText(
      "subscription Other($id: ID!) { productUpdated(productId: $id) { id } }",
      { id: product.id },
    );
    expect(await other.nextErrorCodes()).toEqual(["PERSISTED_QUERY_NOT_IN_LIST"]);
  });
});
