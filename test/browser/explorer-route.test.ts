import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { explorerContentSecurityPolicy, registerExplorerRoutes } from "../../src/http/explorer.routes";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { ensureExplorerBuilt } from "./explorer-assets";

describe("offline explorer route (/graphiql)", () => {
  let t: TestApp;
  beforeAll(async () => {
    ensureExplorerBuilt();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  test("serves the GraphiQL page with a CSP that allows only its own bundle", async () => {
    const response = await fetch(`${t.baseUrl}/graphiql`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // The shared security hook's `default-src 'none'` would block the bundle; the route's wins.
    expect(response.headers.get("content-security-policy")).toBe(explorerContentSecurityPolicy);
    const csp = explorerContentSecurityPolicy;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    expect(html).toContain('<script src="/graphiql/explorer.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/graphiql/explorer.css">');
    // Offline means no other origin is referenced.
    expect(html).not.toMatch(/https?:\/\//);
  });

  test("serves the bundled script and stylesheet with their content types", async () => {
    const script = await fetch(`${t.baseUrl}/graphiql/explorer.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("no-cache");
    expect((await script.text()).length).toBeGreaterThan(100_000);

    const style = await fetch(`${t.baseUrl}/graphiql/explorer.css`);
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await style.text()).toContain(".graphiql-container");
  });

  test("serves nothing else from the assets directory", async () => {
    for (const file of ["package.json", "..%2F..%2Fpackage.json", "explorer.js.map", "constructor"]) {
      const response = await fetch(`${t.baseUrl}/graphiql/${file}`);
      expect(response.status).toBe(404);
    }
  });

  test("is absent in production unless BAZAAR_EXPLORER is set", async () => {
    const production = await startTestApp({ NODE_ENV: "production" });
    try {
      expect((await fetch(`${production.baseUrl}/graphiql`)).status).toBe(404);
      expect((await fetch(`${production.baseUrl}/graphiql/explorer.js`)).status).toBe(404);
    } finally {
      await production.close();
    }
    const optedIn = await startTestApp({ NODE_ENV: "production", BAZAAR_EXPLORER: "true" });
    try {
      expect((await fetch(`${optedIn.baseUrl}/graphiql`)).status).toBe(200);
    } finally {
      await optedIn.close();
    }
  });

  test("answers 503 with what to do when the bundle has not been built", async () => {
    const http = Fastify();
    registerExplorerRoutes(http, {
      assetsDir: path.join(mkdtempSync(path.join(os.tmpdir(), "explorer-")), "missing"),
    });
    try {
      // Over real HTTP: `inject` pulls in an ES-module dependency Jest cannot load here.
      const baseUrl = await http.listen({ host: "127.0.0.1", port: 0 });
      for (const url of ["/graphiql", "/graphiql/explorer.js"]) {
        const response = await fetch(`${baseUrl}${url}`);
        expect(response.status).toBe(503);
        expect(await response.text()).toBe("explorer assets not built — run npm run build\n");
      }
    } finally {
      await http.close();
    }
  });
});
