import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyReply, onSendHookHandler } from "fastify";

/**
 * Where `client/explorer/build.mjs` writes the bundle. Two levels up from this file is the
 * project root both when it runs compiled (dist/http) and when tests load the source
 * (src/http), so one path serves both.
 */
export const defaultExplorerAssetsDir = path.resolve(__dirname, "../../dist/explorer");

/**
 * What the page may load: its own bundle, GraphQL requests to this origin, and nothing
 * else. Styles need 'unsafe-inline' because GraphiQL's dialogs and menus (Radix) apply
 * inline styles at run time (the browser test opens one and fails on any CSP refusal);
 * the CSS bundle inlines its fonts and icons as data: URLs.
 * GraphiQL 3 edits with CodeMirror 5, which runs no web workers, so none are allowed.
 */
export const explorerContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Only these files are served: nothing under the directory is reachable by a crafted path. */
const assets = new Map<string, string>([
  ["index.html", "text/html; charset=utf-8"],
  ["explorer.js", "text/javascript; charset=utf-8"],
  ["explorer.css", "text/css; charset=utf-8"],
]);

const notBuilt = "explorer assets not built — run npm run build\n";

/**
 * The shared security hook (browser-security.ts) gives every non-GraphQL answer
 * `default-src 'none'`, which would stop the explorer's own script. A route-level onSend
 * hook runs after the instance-level ones, so this policy is the one that is sent.
 */
const explorerCsp: onSendHookHandler = async (_request, reply, payload) => {
  reply.header("content-security-policy", explorerContentSecurityPolicy);
  return payload;
};

/** Checked by shape, not `instanceof Error`: Node's errors come from another realm under Jest. */
function isMissingFile(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * The offline explorer at `GET /graphiql`: GraphiQL bundled from npm with the example
 * operations (see client/explorer/), for when Apollo Sandbox — which loads from the
 * internet — cannot be reached. Answers 503 until `npm run build` has made the bundle.
 */
export function registerExplorerRoutes(http: FastifyInstance, options: { assetsDir?: string } = {}): void {
  const assetsDir = options.assetsDir ?? defaultExplorerAssetsDir;

  async function sendAsset(reply: FastifyReply, file: string): Promise<FastifyReply> {
    const contentType = assets.get(file);
    if (contentType === undefined)
      return reply.code(404).type("text/plain; charset=utf-8").send("not found\n");
    let body: Buffer;
    try {
      // Read on each request (the bundle is only for development use): a rebuild shows
      // up on reload, without restarting the server.
      body = await readFile(path.join(assetsDir, file));
    } catch (error) {
      if (!isMissingFile(error)) throw error;
      return reply.code(503).type("text/plain; charset=utf-8").send(notBuilt);
    }
    // no-cache: the file names carry no hash, so the browser must revalidate after a rebuild.
    return reply.type(contentType).header("cache-control", "no-cache").send(body);
  }

  http.get("/graphiql", { onSend: explorerCsp }, async (_request, reply) => sendAsset(reply, "index.html"));
  http.get<{ Params: { file: string } }>("/graphiql/:file", { onSend: explorerCsp }, async (request, reply) =>
    sendAsset(reply, request.params.file),
  );
}
