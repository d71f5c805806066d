#!/usr/bin/env node
// Runs `prisma generate` on a machine that cannot download Prisma's native schema engine.
// The CLI insists that a schema-engine binary exists before it generates, but `generate`
// never runs it, so any existing file satisfies the check. Migrations do not use the CLI:
// they run through the WebAssembly schema engine (src/db/migrations/).
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(
  process.execPath,
  [cli, "generate", "--schema", path.join(__dirname, "schema.prisma")],
  {
    stdio: "inherit",
    env,
  },
);
process.exit(result.status ?? 1);
