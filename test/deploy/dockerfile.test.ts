import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../../src/config";
import { migrationsDir, schemaPath } from "../../src/db/migrations/migration-list";
import { readRepositoryFile, repositoryRoot } from "../helpers/deploy-files";
import { startTestApp, useStarted } from "../helpers/test-app";

/**
 * The Dockerfile (no container engine runs here, so the image is not built by the tests):
 * its runtime stage runs as a non-root user, probes its health with Node (slim images have
 * no curl), starts the compiled server, and copies files that exist, that .dockerignore
 * lets into the build, and that sit where the app looks for them. The health probe script
 * itself is run against a real server.
 */

interface Instruction {
  keyword: string;
  argument: string;
}

/** The Dockerfile's instructions: comments dropped, `\`-continued lines joined. */
function instructions(): Instruction[] {
  return readRepositoryFile("Dockerfile")
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, keyword, argument] = /^\s*(\S+)\s+(.*)$/.exec(line)!;
      return { keyword: keyword!.toUpperCase(), argument: argument!.trim() };
    });
}

const all = instructions();
const runtimeStage = all.slice(all.findLastIndex((i) => i.keyword === "FROM"));
const runtimeArguments = (keyword: string) =>
  runtimeStage.filter((i) => i.keyword === keyword).map((i) => i.argument);

/** `COPY` instructions of the runtime stage that take files from the build context, as [source, destination]. */
const runtimeContextCopies = runtimeArguments("COPY")
  .filter((argument) => !argument.startsWith("--from="))
  .map((argument) => argument.split(/\s+/) as [string, string]);

/** Whether `.dockerignore` keeps `relativePath` out of the build context (Docker's rules: the last matching line wins). */
function ignoredByDocker(relativePath: string): boolean {
  const rules = readRepositoryFile(".dockerignore")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => ({
      exclude: !line.startsWith("!"),
      pattern: new RegExp(
        `^${line
          .replace(/^!/, "")
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, "[^/]*")}$`,
      ),
    }));
  const parts = relativePath.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules)
    if (candidates.some((candidate) => rule.pattern.test(candidate))) ignored = rule.exclude;
  return ignored;
}

const fromRoot = (absolutePath: string) => path.relative(repositoryRoot, absolutePath);

test("the runtime stage runs as a numeric non-root user", () => {
  const users = runtimeArguments("USER");
  expect(users).toHaveLength(1);
  const [user] = users[0]!.split(":");
  expect(user).toMatch(/^\d+$/);
  expect(Number(user)).toBeGreaterThan(0);
});

test("the runtime stage has a HEALTHCHECK that runs the probe script with node", () => {
  const [healthcheck] = runtimeArguments("HEALTHCHECK");
  const command = JSON.parse(/CMD\s+(\[.*\])$/.exec(healthcheck!)![1]!) as string[];
  expect(command.slice(0, 2)).toEqual(["node", "deploy/healthcheck.cjs"]);
  expect(runtimeContextCopies).toContainEqual(["deploy/healthcheck.cjs", `./${command[1]}`]);
});

test("the runtime stage listens on all interfaces on the port it exposes, in production mode", () => {
  const exposed = Number(runtimeArguments("EXPOSE")[0]);
  const environment = Object.fromEntries(
    [
      ...runtimeArguments("ENV")
        .join(" ")
        .matchAll(/(\w+)=(\S+)/g),
    ].map(([, name, value]) => [name!, value!]),
  );
  const config = loadConfig(environment);
  expect(config.port).toBe(exposed);
  expect(config.host).toBe("0.0.0.0");
  expect(config.isProduction).toBe(true);
});

test("the image starts the compiled server with node itself, so the server receives SIGTERM", () => {
  expect(runtimeArguments("CMD")).toEqual(['["node", "dist/main.js"]']);
  const tsconfig = JSON.parse(readRepositoryFile("tsconfig.json")) as {
    compilerOptions: { rootDir: string; outDir: string };
  };
  expect(tsconfig.compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
  expect(existsSync(path.join(repositoryRoot, "src/main.ts"))).toBe(true);
});

test("the runtime stage puts the migrations, the schema and the trusted-documents manifest where the app reads them", () => {
  const destinations = runtimeContextCopies.map(([, destination]) => path.normalize(destination));
  expect(destinations).toEqual(
    expect.arrayContaining([
      fromRoot(migrationsDir),
      fromRoot(schemaPath),
      fromRoot(loadConfig({}).trustedDocuments.manifestPath),
    ]),
  );
});

test("every file COPY takes from the build context exists and is not excluded by .dockerignore", () => {
  const sources = all
    .filter((i) => i.keyword === "COPY" && !i.argument.startsWith("--from="))
    .flatMap((i) => i.argument.split(/\s+/).slice(0, -1))
    .filter((source) => source !== ".");
  expect(sources.length).toBeGreaterThan(0);
  for (const source of sources) {
    expect({
      source,
      exists: existsSync(path.join(repositoryRoot, source)),
      ignored: ignoredByDocker(source),
    }).toEqual({ source, exists: true, ignored: false });
  }
});

test(".dockerignore keeps local state and secrets out, and lets in what `npm run build` needs", () => {
  for (const kept of [".env", ".data", "node_modules", "dist", "src/generated/prisma/client.ts", ".git"]) {
    expect({ kept, ignored: ignoredByDocker(kept) }).toEqual({ kept, ignored: true });
  }
  for (const needed of [
    "src/main.ts",
    "tsconfig.json",
    "schema.graphql",
    "client/explorer/build.mjs",
    "client/explorer/flows",
    "client/operations",
  ]) {
    expect({ needed, ignored: ignoredByDocker(needed) }).toEqual({ needed, ignored: false });
  }
});

describe("deploy/healthcheck.cjs", () => {
  const app = useStarted(() => startTestApp());
  const probeScript = path.join(repositoryRoot, "deploy/healthcheck.cjs");

  /** The probe's exit code against `port`. */
  async function probe(port: number, probePath?: string): Promise<number> {
    const args = probePath === undefined ? [probeScript] : [probeScript, probePath];
    try {
      await promisify(execFile)(process.execPath, args, { env: { ...process.env, PORT: String(port) } });
      return 0;
    } catch (error) {
      return (error as { code: number }).code;
    }
  }

  const appPort = () => Number(new URL(app.baseUrl).port);

  test("exits 0 when the server answers /healthz (the default) and /readyz", async () => {
    expect(await probe(appPort())).toBe(0);
    expect(await probe(appPort(), "/healthz")).toBe(0);
    expect(await probe(appPort(), "/readyz")).toBe(0);
  });

  test("exits 1 when the path is not served", async () => {
    expect(await probe(appPort(), "/no-such-probe")).toBe(1);
  });

  test("exits 1 when nothing listens on the port", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await probe(port)).toBe(1);
  });

  test("exits 1 when the server accepts the connection but never answers", async () => {
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      expect(await probe((silent.address() as AddressInfo).port)).toBe(1);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
