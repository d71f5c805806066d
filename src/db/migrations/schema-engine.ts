import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm" with { "resolution-mode": "import" };

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg", {
  with: { "resolution-mode": "import" },
}) & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

/**
 * Prisma's schema engine compiled to WebAssembly: the same engine `prisma migrate` runs,
 * without the native binary this machine cannot download. Node 20 cannot import the
 * package's entry (it imports a .wasm file as a module), so the wasm is instantiated here
 * against the package's own JS glue. Compiling 5 MB of wasm takes a while, and the glue
 * keeps the instance in module state anyway, so it is done once per process.
 */
let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * The wasm glue reports a Rust panic through this global before it throws a bare
 * "unreachable"; keeping the message lets the error say what went wrong.
 */
function installPanicRegistry(): void {
  const registry = {
    set_message: (message: string) => process.stderr.write(`prisma schema engine panicked: ${message}\n`),
  };
  Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: registry });
}

/**
 * The engine arms 10 s timers (connection timeouts) that outlive its commands; left
 * referenced they hold a process that has finished its work open for 10 s more.
 */
function withUnrefTimers(glue: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (name.startsWith("__wbg_setTimeout") && typeof value === "function") {
      imports[name] = (...args: unknown[]) => {
        const timer = (value as (...a: unknown[]) => unknown)(...args);
        (timer as NodeJS.Timeout).unref?.();
        return timer;
      };
    }
  }
  return imports;
}

async function instantiateEngineModule(): Promise<SchemaEngineModule> {
  installPanicRegistry();
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as SchemaEngineModule;
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
  const module = await WebAssembly.compile(new Uint8Array(bytes));
  const imports: WebAssembly.Imports = {};
  for (const { module: name } of WebAssembly.Module.imports(module)) {
    imports[name] = withUnrefTimers(glue as unknown as WebAssembly.ModuleImports);
  }
  const instance = await WebAssembly.instantiate(module, imports);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Runs `use` with a schema engine that reaches the database through a `pg` driver
 * adapter over a one-connection pool of its own, and closes both afterwards (an idle
 * connection left behind would keep the embedded database from shutting down).
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  schemaFiles: SchemaFile[],
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  engineModule ??= instantiateEngineModule();
  const { SchemaEngine } = await engineModule;
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const ignoreEngineLogs = (): void => {
      // The engine reports its steps here; Bazaar logs outcomes (applied migrations), not steps.
    };
    const engine = await SchemaEngine.new(
      { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
      ignoreEngineLogs,
      bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool)),
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}
