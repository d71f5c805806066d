import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { ensureExplorerBuilt } from "./explorer-assets";

// Debian's chromium: a test tool's own browser download cannot reach the internet here
// (Debian package `chromium`; a browser download of its own fails on this network). `.ci/run` installs it.
const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(
    `SKIPPED test/browser/graphiql.test.ts: ${chromiumPath} is not installed. ` +
      "Install it with `apt-get update && apt-get install -y --no-install-recommends chromium` (.ci/run does) to run the browser test.",
  );
}

/** Flags that run as root on this closed network without reaching out anywhere. */
const launchFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const stepTimeoutMs = 30_000;

const productsQuery =
  "query BrowserTestProducts { products(first: 5, sortBy: NAME_ASC) { edges { node { name } } } }";

(hasChromium ? describe : describe.skip)("offline explorer in a real browser", () => {
  let t: TestApp;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  /** What the page did that it should not: CSP refusals, script errors, other origins. */
  const problems: string[] = [];

  beforeAll(async () => {
    ensureExplorerBuilt();
    t = await startTestApp();
    await seedDemoShop(t.db.prisma, t.logger, "USD");
    // A fresh profile per run: nothing GraphiQL stored (tabs, history) leaks between runs.
    userDataDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: launchFlags,
      timeout: stepTimeoutMs,
    });
    context.setDefaultTimeout(stepTimeoutMs);
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${t.baseUrl}/`) && !url.startsWith("data:"))
        problems.push(`request to another origin: ${url}`);
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.close();
  });

  test("runs a products query typed into GraphiQL and shows products from the database", async () => {
    await page.goto(`${t.baseUrl}/graphiql`, { waitUntil: "load" });
    const queryEditor = page.locator(".graphiql-query-editor .CodeMirror");
    await queryEditor.waitFor({ state: "visible" });

    // Typed as a user would: replace whatever the first tab holds with the query.
    await queryEditor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(productsQuery);
    // GraphiQL takes in an edit after a debounce: until the tab is named after the new
    // operation, the run button would still act on the old text.
    await page.locator(".graphiql-tab-active", { hasText: "BrowserTestProducts" }).waitFor();

    const answered = page.waitForResponse(
      (response) =>
        response.url() === `${t.baseUrl}/graphql` &&
        (response.request().postData() ?? "").includes("BrowserTestProducts"),
    );
    await page.locator("button.graphiql-execute-button").click();
    expect((await answered).status()).toBe(200);

    const resultPane = page.locator(".graphiql-response");
    await resultPane.getByText('"name"').first().waitFor();
    const shown = await resultPane.innerText();
    const names = [...shown.matchAll(/"name": "([^"]+)"/g)].map((match) => match[1] ?? "");
    expect(names).toHaveLength(5);

    // Every product the page shows is a real one, from this test's database.
    const stored = await t.db.prisma.product.findMany({
      where: { name: { in: names } },
      select: { name: true },
    });
    expect(new Set(stored.map((product) => product.name))).toEqual(new Set(names));
    expect(shown).not.toContain('"errors"');
  });

  test("has the schema's docs and opens its dialogs without a CSP refusal or a request elsewhere", async () => {
    if (!page.url().endsWith("/graphiql")) await page.goto(`${t.baseUrl}/graphiql`, { waitUntil: "load" });
    // The schema is bundled (no introspection): the docs pane lists the root types at once.
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor();
    // GraphiQL's dialogs inject <style> elements: this is what needs 'unsafe-inline' styles.
    await page.locator('button[aria-label="Open settings dialog"]').click();
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(problems).toEqual([]);
  });

  test("opens the shop flow tab with its variables preset and runs its first step", async () => {
    if (!page.url().endsWith("/graphiql")) await page.goto(`${t.baseUrl}/graphiql`, { waitUntil: "load" });
    // A tab is named after its first operation; the flow's steps share the preset variables.
    await page.locator(".graphiql-tab", { hasText: "ShopFlow1_FindAVariant" }).click();
    await page.locator(".graphiql-tab-active", { hasText: "ShopFlow1_FindAVariant" }).waitFor();
    await page.locator(".graphiql-editor-tool .CodeMirror", { hasText: '"code": "WELCOME10"' }).waitFor();

    // Several operations in the tab: once the editor has parsed them, the run button asks which one.
    const runButton = page.locator('button.graphiql-execute-button[aria-haspopup="menu"]');
    await runButton.waitFor();
    const answered = page.waitForResponse(
      (response) =>
        response.url() === `${t.baseUrl}/graphql` &&
        (response.request().postData() ?? "").includes('"operationName":"ShopFlow1_FindAVariant"'),
    );
    await runButton.click();
    await page.locator(".graphiql-dropdown-item", { hasText: "ShopFlow1_FindAVariant" }).click();
    expect((await answered).status()).toBe(200);
    const resultPane = page.locator(".graphiql-response");
    await resultPane.getByText('"variants"').first().waitFor();
    expect(await resultPane.innerText()).not.toContain('"errors"');
    expect(problems).toEqual([]);
  });
});
