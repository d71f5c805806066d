// `npm run bench`: seeds a dedicated database, starts each server under test as its own
// process on a loopback port, drives the workloads with autocannon, checks that every
// server returns the same data with zero errors, and prints and writes one results table.
// See bench/README.md.

import { Buffer } from "node:buffer";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { localServer, openBenchDatabase, scalarQuery, seed, startEmbedded } from "./lib/database.mjs";
import { createCarts, createCheckoutCarts, prepareFixtures } from "./lib/fixtures.mjs";
import { cleanups, log, runBounded } from "./lib/lifecycle.mjs";
import { startOtlpSink } from "./lib/otlp-sink.mjs";
import { runLoad, sendOnce } from "./lib/load.mjs";
import { chartSvg, floorTable, fmt, ladderTable, markdownTable } from "./lib/report.mjs";
import { machine, otherLoad } from "./lib/machine.mjs";
import { combineRounds, measureCell } from "./lib/cells.mjs";
import { bazaarEnvironment, serverCounts, startServer, waitIdle } from "./lib/servers.mjs";
import {
  canonical,
  checksum,
  firstDifference,
  listingQuery,
  workloads as allWorkloads,
} from "./lib/workloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDatabase = "bazaar_bench";
/** The workloads measured at every catalog size: the floor, the listings, the search. */
const curveIds = ["W0", "W1", "W1S", "W5"];

const usage = `usage: npm run bench [-- options]
  --products N        catalog size of the main run (default 100000)
  --scale N[,N…]      more sizes for the scale curve of W0, W1, W1S, W5 (e.g. 1000000; the curve always has 10000 and --products)
  --no-scale          only the main run
  --duration S        measured seconds per cell (default 8)
  --warmup S          warm-up seconds per cell (default 2)
  --connections C     concurrent connections (default 16)
  --rounds R          measure every cell R times, servers interleaved; medians reported (default 1)
  --carts N           W4 guest carts per server (default 40000 × rounds)
  --checkout-carts N  WC (and W6) filled carts per server, one per checkout (default 1000 × (warmup + duration) × rounds)
  --search-rank-limit N  matches W5's RELEVANCE ranks, on Bazaar and the raw reference alike (default 500, Bazaar's)
  --bazaar-node-options "…"  NODE_OPTIONS for the Bazaar servers (e.g. "--max-old-space-size=200")
  --servers a,b       of raw,bazaar,naive,traced,traced-unsampled (default raw,bazaar,naive); --baseline adds "before"
  --workloads W1,W2   default W0,W1,W1S,W2,W3,W4,W5,WC,W6 (W0 = { __typename }, W1S = W1 on top-level categories,
                      WC = checkout, W6 = checkout with a webhook endpoint; WC and W6 not on raw)
  --baseline DIR      also run an earlier build, snapshotted by \`node bench/snapshot.mjs DIR\`
  --scale-servers a,b servers on the smaller/larger catalogs (default raw,bazaar)
  --embedded          use the embedded database even if PostgreSQL is reachable
  --keep-db           leave the bench database in place
  --out DIR           where results go (default bench/results)
Database: BENCH_DATABASE_URL (an empty database) when set, else a fresh "${benchDatabase}" on
${localServer} (dropped afterwards), else the embedded database.`;

function parseArgs(argv) {
  const options = {
    products: 100_000,
    scale: [10_000],
    noScale: false,
    duration: 8,
    warmup: 2,
    connections: 16,
    servers: ["raw", "bazaar", "naive"],
    workloads: allWorkloads.map((w) => w.id),
    baseline: null,
    scaleServers: ["raw", "bazaar"],
    embedded: false,
    keepDb: false,
    out: path.join(root, "bench/results"),
    carts: 0,
    checkoutCarts: 0,
    rounds: 1,
    bazaarNodeOptions: "",
    searchRankLimit: 500,
  };
  const positiveInt = (flag, raw, max) => {
    if (!/^\d+$/.test(raw ?? "") || Number(raw) < 1 || Number(raw) > max)
      fail(`${flag} needs a whole number from 1 to ${max}`);
    return Number(raw);
  };
  const list = (raw) =>
    (raw ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--products":
        options.products = positiveInt(flag, value(), 10_000_000);
        break;
      case "--scale":
        options.scale.push(...list(value()).map((n) => positiveInt(flag, n, 10_000_000)));
        break;
      case "--no-scale":
        options.noScale = true;
        break;
      case "--duration":
        options.duration = positiveInt(flag, value(), 600);
        break;
      case "--warmup":
        options.warmup = positiveInt(flag, value(), 120);
        break;
      case "--connections":
        options.connections = positiveInt(flag, value(), 256);
        break;
      case "--servers":
        options.servers = list(value());
        break;
      case "--workloads":
        options.workloads = list(value()).map((w) => w.toUpperCase());
        break;
      case "--baseline":
        options.baseline = path.resolve(value());
        break;
      case "--scale-servers":
        options.scaleServers = list(value());
        break;
      case "--embedded":
        options.embedded = true;
        break;
      case "--keep-db":
        options.keepDb = true;
        break;
      case "--out":
        options.out = path.resolve(value());
        break;
      case "--carts":
        options.carts = positiveInt(flag, value(), 1_000_000);
        break;
      case "--checkout-carts":
        options.checkoutCarts = positiveInt(flag, value(), 1_000_000);
        break;
      case "--rounds":
        options.rounds = positiveInt(flag, value(), 20);
        break;
      case "--search-rank-limit":
        options.searchRankLimit = positiveInt(flag, value(), 100_000);
        break;
      case "--bazaar-node-options":
        options.bazaarNodeOptions = value() ?? "";
        break;
      case "--help":
      case "-h":
        console.log(usage);
        process.exit(0);
        break;
      default:
        fail(`unknown argument "${argv[i]}"`);
    }
  }
  for (const s of [...options.servers, ...options.scaleServers]) {
    if (!["raw", "bazaar", "naive", "traced", "traced-unsampled", "before"].includes(s))
      fail(`unknown server "${s}"`);
  }
  for (const w of options.workloads)
    if (!allWorkloads.some((x) => x.id === w)) fail(`unknown workload "${w}"`);
  if (options.baseline) {
    if (!existsSync(path.join(options.baseline, "dist/main.js")))
      fail(`--baseline ${options.baseline} has no dist/main.js (make it with bench/snapshot.mjs)`);
    if (!options.servers.includes("before")) options.servers.push("before");
  }
  // Enough W4 carts that even the raw reference rarely comes back to one (see README).
  options.carts ||= 40_000 * options.rounds;
  // A WC cart per checkout: enough for 1,000 checkouts/s through every warm-up and measured
  // second (Bazaar's checkout is far slower; a run that uses them up fails on empty carts).
  options.checkoutCarts ||= 1_000 * (options.warmup + options.duration) * options.rounds;
  options.servers = options.servers.filter((s) => s !== "before" || options.baseline);
  options.scaleServers = options.scaleServers.filter((s) => s !== "before" || options.baseline);
  return options;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n${usage}\n`);
  process.exit(2);
}

// ── Servers ───────────────────────────────────────────────────────────────────────────────
function serverSpecs(options, url, poolSize, otlpUrl = "") {
  const bazaarEnv = {
    ...bazaarEnvironment(url, poolSize),
    // The per-client cost budget would otherwise throttle a load test from one IP: the
    // limiter's own check still runs on every request, only its bucket never empties.
    BAZAAR_COST_BUDGET: "100000000",
    BAZAAR_COST_RESTORE_RATE: "10000000",
    BAZAAR_SEARCH_RANK_LIMIT: String(options.searchRankLimit),
    ...(options.bazaarNodeOptions ? { NODE_OPTIONS: options.bazaarNodeOptions } : {}),
  };
  return {
    raw: {
      name: "raw",
      label: "raw reference: node:http + pg, ONE prepared SQL statement building the JSON",
      args: [path.join(root, "bench/raw-server.mjs")],
      cwd: root,
      env: {
        DATABASE_URL: url,
        POOL_SIZE: String(poolSize),
        SEARCH_RANK_LIMIT: String(options.searchRankLimit),
      },
    },
    bazaar: {
      name: "bazaar",
      label: "Bazaar as shipped (node dist/main.js, DataLoaders on)",
      args: [path.join(root, "dist/main.js")],
      cwd: root,
      env: bazaarEnv,
    },
    naive: {
      name: "naive",
      label: "Bazaar with BAZAAR_DATALOADER_BATCHING=false and BAZAAR_LOOKAHEAD=false (naive N+1)",
      args: [path.join(root, "dist/main.js")],
      cwd: root,
      env: { ...bazaarEnv, BAZAAR_DATALOADER_BATCHING: "false", BAZAAR_LOOKAHEAD: "false" },
    },
    traced: {
      name: "traced",
      label:
        "Bazaar as shipped, with traces exported over OTLP/HTTP to a local stand-in collector that discards them",
      args: [path.join(root, "dist/main.js")],
      cwd: root,
      env: { ...bazaarEnv, OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl },
    },
    "traced-unsampled": {
      name: "traced-unsampled",
      label:
        "the traced build with OTEL_TRACES_SAMPLER=always_off: context still propagated, no span recorded",
      args: [path.join(root, "dist/main.js")],
      cwd: root,
      env: { ...bazaarEnv, OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_TRACES_SAMPLER: "always_off" },
    },
    before: options.baseline && {
      name: "before",
      label: `earlier build (${options.baseline}${existsSync(path.join(options.baseline, "SNAPSHOT.txt")) ? `: ${readFileSync(path.join(options.baseline, "SNAPSHOT.txt"), "utf8").split("\n")[0]}` : ""})`,
      args: [path.join(options.baseline, "dist/main.js")],
      cwd: options.baseline,
      env: bazaarEnv,
    },
  };
}

/** One request per server, alone: its checksum, its SQL statements, and whether it looks right. */
async function verify({ server, workload, fixtures, variables }) {
  const before = await waitIdle(server.baseUrl);
  const { status, body } = await sendOnce(
    server.baseUrl,
    workload,
    variables ?? workload.checkVariables(fixtures, server.spec.name),
    workload.headers?.(fixtures),
  );
  const statements = (await serverCounts(server.baseUrl)).statements - before.statements;
  const problem =
    status !== 200
      ? `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`
      : body.errors
        ? `GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}`
        : workload.validate(body.data);
  const data = body.data && workload.comparable ? workload.comparable(body.data) : (body.data ?? null);
  return { checksum: checksum({ data }), data: canonical(data), statements, problem };
}

// ── The run ───────────────────────────────────────────────────────────────────────────────
async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(root, "dist/main.js")))
    fail("dist/main.js is missing: run `npm run build` (npm run bench does)");
  const startedAt = new Date();
  const workloads = allWorkloads.filter((w) => options.workloads.includes(w.id));
  const curveWorkloads = workloads.filter((w) => curveIds.includes(w.id));
  const sizes = [...new Set([...(options.noScale ? [] : options.scale), options.products])].sort(
    (a, b) => a - b,
  );
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-bench-logs-"));
  const problems = [];

  const db = await openBenchDatabase({
    name: benchDatabase,
    embedded: options.embedded,
    keepDb: options.keepDb,
  });
  log(`database: ${db.description}`);
  let embedded = null;
  const seedEnv = db.kind === "embedded" ? { BAZAAR_DATA_DIR: db.dataDir } : { DATABASE_URL: db.url };

  const cells = [];
  const curve = [];
  /** What a workload's setup saw happen during its cells (W6: how the webhooks went). */
  const setupNotes = {};
  const pageSizeStatements = [];
  const checksums = [];
  const seedLog = [];
  let fixtures = null;
  let pgVersion = "";
  let seeded = 0;
  let peakLoad = os.loadavg()[0];
  const busy = [{ size: 0, load: await otherLoad() }];
  const otlpSink = options.servers.some((s) => s.startsWith("traced")) ? await startOtlpSink() : null;
  if (otlpSink) cleanups.push(() => otlpSink.close());

  for (const size of sizes) {
    const mainRun = size === options.products;
    log(`seeding ${size - seeded} products (catalog → ${size})`);
    await embedded?.stop();
    const seedStarted = performance.now();
    const seedOutput = await seed(seedEnv, size - seeded);
    seedLog.push(
      `${size - seeded} products in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (${seedOutput.split("\n")[0]})`,
    );
    seeded = size;
    if (db.kind === "embedded") embedded = await startEmbedded(db.dataDir);
    const url = db.kind === "embedded" ? embedded.url : db.url;
    pgVersion ||= (await scalarQuery(url, "SHOW server_version")).server_version;
    fixtures ??= await prepareFixtures(url);

    const started = mainRun ? options.servers : options.scaleServers;
    const specs = serverSpecs(options, url, db.poolSize, otlpSink?.url);
    const running = {};
    for (const name of started) {
      log(`starting ${name}`);
      const server = await startServer(specs[name], logDir);
      cleanups.push(() => server.stop());
      running[name] = server;
    }
    const cellWorkloads = mainRun ? workloads : curveWorkloads;
    const serversOf = (workload) => started.filter((name) => !workload.skipOn?.includes(name));
    if (cellWorkloads.some((w) => w.id === "W4")) {
      fixtures.carts = {};
      for (const name of started) fixtures.carts[name] = await createCarts(url, options.carts);
    }
    fixtures.checkoutCarts = {};
    for (const checkout of cellWorkloads.filter((w) => w.checksOutCarts)) {
      fixtures.checkoutCarts[checkout.id] = {};
      for (const name of serversOf(checkout))
        fixtures.checkoutCarts[checkout.id][name] = await createCheckoutCarts(
          url,
          options.checkoutCarts,
          fixtures.variants,
        );
    }

    // A freshly started server compiles its hot paths during its first requests: a short
    // run of every read workload first, so the first measured cell is not also the coldest.
    for (const name of started) {
      for (const workload of cellWorkloads.filter((w) => !w.writes && !w.skipOn?.includes(name))) {
        const primer = { i: 1_000_000 };
        await runLoad({
          baseUrl: running[name].baseUrl,
          workload,
          next: () => workload.variables(primer.i++, fixtures, name),
          headers: workload.headers?.(fixtures) ?? {},
          connections: options.connections,
          seconds: 1,
        });
      }
    }

    for (const workload of cellWorkloads) {
      const names = serversOf(workload);
      if (names.length === 0) continue;
      const teardown = await workload.setup?.({ url });
      // Same data from every server, before any load.
      const answers = {};
      for (const name of names) answers[name] = await verify({ server: running[name], workload, fixtures });
      const reference = answers[names[0]];
      for (const name of names) {
        const answer = answers[name];
        if (answer.problem) problems.push(`${workload.id} on ${name} (${size} products): ${answer.problem}`);
        if (answer.checksum !== reference.checksum) {
          problems.push(
            `${workload.id}: ${name} answered different data from ${names[0]} — ${firstDifference(answer.data, reference.data)}`,
          );
        }
      }
      checksums.push({
        size,
        workload: workload.id,
        sums: Object.fromEntries(names.map((n) => [n, answers[n].checksum])),
      });

      if (mainRun && workload.id === "W1") {
        for (const name of names) {
          const counts = [];
          for (const first of [1, 24, 100]) {
            const variables = { first, filter: { categoryId: fixtures.categories[0].id } };
            const answer = await verify({
              server: running[name],
              workload: { ...workload, query: listingQuery, validate: () => null },
              fixtures,
              variables,
            });
            counts.push(answer.statements);
          }
          pageSizeStatements.push({ server: name, counts });
        }
      }

      // Rounds interleave the servers (each round starts with the next one), so a burst of
      // load from elsewhere on the machine is spread over all of them; medians are reported.
      const sequences = Object.fromEntries(names.map((name) => [name, { i: 0 }]));
      const rounds = Object.fromEntries(names.map((name) => [name, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + round) % names.length];
          const roundNote = options.rounds > 1 ? `, round ${round + 1}/${options.rounds}` : "";
          log(
            `${workload.id} on ${name} (${size} products${roundNote}): ${options.warmup} s warm-up + ${options.duration} s, ${options.connections} connections`,
          );
          const result = await measureCell({
            server: running[name],
            workload,
            fixtures,
            options,
            sequence: sequences[name],
          });
          peakLoad = Math.max(peakLoad, result.loadavg);
          log(
            `  ${fmt.rps(result.rps)} req/s, p50 ${fmt.ms(result.p50)} ms, p99 ${fmt.ms(result.p99)} ms, ${fmt.num(result.loadStatements, 1)} SQL/req, ${fmt.num(result.cpuMsPerRequest, 2)} CPU ms/req, errors ${result.errors}`,
          );
          rounds[name].push(result);
        }
      }
      for (const name of names) {
        const cell = {
          size,
          workload: workload.id,
          server: name,
          ...combineRounds(rounds[name]),
          statements: answers[name].statements,
          checksum: answers[name].checksum,
        };
        if (cell.errors > 0)
          problems.push(
            `${workload.id} on ${name} (${size} products): ${cell.errors} errors — ${cell.errorDetail}`,
          );
        if (mainRun) cells.push(cell);
        if (curveWorkloads.includes(workload) && options.scaleServers.includes(name)) curve.push(cell);
      }
      if (teardown) {
        const note = await teardown();
        log(`${workload.id}: ${note}`);
        setupNotes[workload.id] = note;
      }
      busy.push({ size, load: await otherLoad() });
    }
    for (const name of started) {
      await waitIdle(running[name].baseUrl).catch(() => undefined);
      await running[name].stop();
    }
  }

  if (otlpSink)
    log(
      `traced: ${otlpSink.stats.exports} OTLP exports, ${(otlpSink.stats.bytes / 1e6).toFixed(1)} MB received`,
    );

  // ── Report ──────────────────────────────────────────────────────────────────────────────
  const info = machine(pgVersion);
  const servers = options.servers;
  const specs = serverSpecs(options, "", 0);
  const date = startedAt.toISOString().slice(0, 10);
  mkdirSync(options.out, { recursive: true });
  let stem = path.join(options.out, date);
  if (existsSync(`${stem}.md`))
    stem = path.join(options.out, `${date}-${startedAt.toISOString().slice(11, 16).replace(":", "")}`);

  const table = ladderTable(cells);
  const floor = floorTable(cells);
  const cellOf = (workload, server, size = options.products) =>
    (size === options.products ? cells : curve).find(
      (c) => c.workload === workload && c.server === server && c.size === size,
    );
  const targets = [];
  const target = (name, ok, detail) =>
    targets.push(`| ${name} | ${ok === null ? "not measured" : ok ? "met" : "**missed**"} | ${detail} |`);
  // Issue 16's targets, as it states them.
  for (const [w, share] of [
    ["W1", 0.5],
    ["W2", 0.35],
    ["W3", 0.25],
    ["W4", 0.25],
  ]) {
    const b = cellOf(w, "bazaar");
    const r = cellOf(w, "raw");
    target(
      `${w} throughput ≥ ${share.toFixed(2)} of raw`,
      b && r ? b.rps / r.rps >= share : null,
      b && r ? `${fmt.ratio(b.rps / r.rps)} (${fmt.rps(b.rps)} vs ${fmt.rps(r.rps)} req/s)` : "",
    );
  }
  {
    const b = cellOf("W1", "bazaar");
    const n = cellOf("W1", "naive");
    target(
      "W1 throughput ≥ 6× naive N+1",
      b && n ? b.rps / n.rps >= 6 : null,
      b && n ? `${fmt.ratio(b.rps / n.rps)}× (${fmt.rps(b.rps)} vs ${fmt.rps(n.rps)} req/s)` : "",
    );
  }
  {
    const measured = ["W1", "W2", "W3"].map((w) => [w, cellOf(w, "bazaar")]).filter(([, c]) => c);
    target(
      "SQL statements per request ≤ 2 (W1, W2, W3; one request alone)",
      measured.length ? measured.every(([, c]) => c.statements <= 2) : null,
      measured.map(([w, c]) => `${w} ${fmt.num(c.statements, 0)}`).join(", "),
    );
  }
  {
    const rows = pageSizeStatements.filter((p) => p.server === "bazaar");
    target(
      "SQL statements per request constant in page size (W1, first = 1 / 24 / 100)",
      rows.length ? rows.every((p) => p.counts.every((c) => c === p.counts[0])) : null,
      pageSizeStatements
        .filter((p) => p.server !== "raw")
        .map((p) => `${p.server}: ${p.counts.join(" / ")}`)
        .join("; "),
    );
  }
  for (const w of ["W1", "W1S", "W5"]) {
    const small = cellOf(w, "bazaar", sizes[0]);
    const large = cellOf(w, "bazaar", sizes.at(-1));
    const ratio = small && large ? large.p99 / small.p99 : NaN;
    target(
      `${w} p99 at ${sizes[0].toLocaleString("en-US")} vs ${sizes.at(-1).toLocaleString("en-US")} products within 1.5× (the target compares 10k with 1M)`,
      small && large && sizes.length > 1 ? ratio <= 1.5 : null,
      small && large && sizes.length > 1
        ? `${fmt.ratio(ratio)}× (${sizes.map((size) => fmt.ms(cellOf(w, "bazaar", size)?.p99)).join(" → ")} ms)${sizes.at(-1) < 1_000_000 ? "; 1M not run (add --scale 1000000)" : ""}`
        : "",
    );
  }
  {
    const withEndpoint = cellOf("W6", "bazaar");
    const without = cellOf("WC", "bazaar");
    target(
      "W6 checkout with one webhook endpoint: throughput within 10% of WC (none)",
      withEndpoint && without ? withEndpoint.rps >= 0.9 * without.rps : null,
      withEndpoint && without
        ? `${((100 * withEndpoint.rps) / without.rps).toFixed(0)}% (${fmt.rps(withEndpoint.rps)} vs ${fmt.rps(without.rps)} req/s); ${setupNotes.W6}`
        : "",
    );
  }
  {
    // Every cell of every Bazaar build, the scale curve's included (the raw reference is not Bazaar).
    const measured = [...new Set([...cells, ...curve])].filter((c) => c.server !== "raw");
    const peaks = [...new Set(measured.map((c) => c.server))].map((s) => [
      s,
      Math.max(...measured.filter((c) => c.server === s).map((c) => c.peakRssMb)),
    ]);
    target(
      "peak RSS < 300 MB in every cell",
      peaks.length ? peaks.every(([, v]) => v < 300) : null,
      peaks.map(([s, v]) => `${s} ${fmt.num(v, 0)} MB at most`).join(", "),
    );
  }

  const at = (s) => `@ ${s >= 1_000_000 ? `${s / 1_000_000}M` : s >= 1000 ? `${s / 1000}k` : s}`;
  const curveTable = markdownTable(
    [
      "workload",
      "server",
      ...sizes.map((s) => `p99 ms ${at(s)}`),
      "p99 largest ÷ smallest",
      ...sizes.map((s) => `p50 ms ${at(s)}`),
      ...sizes.map((s) => `req/s ${at(s)}`),
      ...sizes.map((s) => `CPU ms/req ${at(s)}`),
    ],
    curveWorkloads.flatMap((w) =>
      options.scaleServers.map((server) => {
        const bySize = sizes.map((size) =>
          curve.find((c) => c.workload === w.id && c.server === server && c.size === size),
        );
        return [
          w.id,
          server,
          ...bySize.map((c) => fmt.ms(c?.p99)),
          fmt.ratio(bySize.at(-1)?.p99 / bySize[0]?.p99),
          ...bySize.map((c) => fmt.ms(c?.p50)),
          ...bySize.map((c) => fmt.rps(c?.rps)),
          ...bySize.map((c) => fmt.num(c?.cpuMsPerRequest, 2)),
        ];
      }),
    ),
  );
  const beforeAfter = servers.includes("before")
    ? markdownTable(
        [
          "workload",
          "req/s before → after",
          "ratio",
          "p99 ms before → after",
          "CPU ms/req before → after",
          "ratio",
          "SQL/req before → after",
        ],
        workloads.map((w) => {
          const b = cellOf(w.id, "before");
          const a = cellOf(w.id, "bazaar");
          if (!a || !b) return [w.id, "–", "–", "–", "–", "–", "–"];
          return [
            w.id,
            `${fmt.rps(b.rps)} → ${fmt.rps(a.rps)}`,
            `${fmt.ratio(a.rps / b.rps)}×`,
            `${fmt.ms(b.p99)} → ${fmt.ms(a.p99)}`,
            `${fmt.num(b.cpuMsPerRequest, 2)} → ${fmt.num(a.cpuMsPerRequest, 2)}`,
            `${fmt.ratio(a.cpuMsPerRequest / b.cpuMsPerRequest)}×`,
            `${b.statements} → ${a.statements}`,
          ];
        }),
      )
    : null;
  const pageTable = markdownTable(
    ["server", "first: 1", "first: 24", "first: 100"],
    pageSizeStatements.map((p) => [p.server, ...p.counts]),
  );
  const checksumTable = markdownTable(
    ["products", "workload", ...new Set(checksums.flatMap((c) => Object.keys(c.sums)))],
    checksums.map((c) => [
      c.size.toLocaleString("en-US"),
      c.workload,
      ...[...new Set(checksums.flatMap((x) => Object.keys(x.sums)))].map((s) => c.sums[s] ?? ""),
    ]),
  );
  const rssScope = cells.some((c) => c.peakRssScope === "process")
    ? "peak RSS since the server started (VmHWM could not be reset)"
    : "peak RSS during that cell's warm-up + measurement (VmHWM, reset per cell)";

  const markdown = `# Bazaar benchmark, ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC

${problems.length === 0 ? "All servers returned the same data for every workload, with zero errors." : `**Problems (${problems.length}):**\n\n${problems.map((p) => `- ${p}`).join("\n")}`}

## Setup

- Machine: ${info.cpus}, ${info.memoryGiB} GiB RAM, ${info.kernel}; Node ${info.node}; PostgreSQL ${info.postgres}.
- Load generator (autocannon, in the bench process), servers and PostgreSQL share the machine. Load average (1 min) at start ${info.loadavgAtStart}, highest seen during the cells ${peakLoad.toFixed(2)}.
  Other processes, sampled for 1 s before the run and after each workload (servers under test idle): ${busy.map((b) => `\`${b.load}\``).join("; ")}.
- Database: ${db.description}. Seeded with Bazaar's scale seed: ${seedLog.join("; ")}.
- Load: ${options.connections} connections, ${options.warmup} s warm-up then ${options.duration} s measured per cell${options.rounds > 1 ? `, ${options.rounds} interleaved rounds per cell (medians)` : ""}, over 127.0.0.1. Code: ${info.commit}.
- Servers (each its own process; database pool ${db.poolSize} for all):
${servers.map((s) => `  - **${s}**: ${specs[s].label}`).join("\n")}
- Bazaar runs with ${options.bazaarNodeOptions ? `NODE_OPTIONS="${options.bazaarNodeOptions}", ` : ""}NODE_ENV=production, LOG_LEVEL=warn, BAZAAR_SEED_DEMO=false, and BAZAAR_COST_BUDGET=100000000 / BAZAAR_COST_RESTORE_RATE=10000000 so the per-client cost limiter (still evaluated on every request) never throttles the single-IP load generator. W5's RELEVANCE ranks the first ${options.searchRankLimit} matches on Bazaar (BAZAAR_SEARCH_RANK_LIMIT) and on the raw reference (SEARCH_RANK_LIMIT).

## Results (${options.products.toLocaleString("en-US")} products)

${table}

- × raw: the ratio to the raw reference in the same workload (req/s: higher is better; latency: lower is better).
- SQL/req: statements the server sent for ONE request measured alone (Bazaar's \`bazaar_db_statements_total\`, BEGIN/COMMIT included); in brackets the average under load where it differs.
- CPU ms/req: user + system CPU of the server process (/proc/<pid>/stat) over the measured window ÷ requests. PostgreSQL's own CPU is not in it.
- peak RSS: ${rssScope}.
- checksum: SHA-256 (first 12 hex digits) of the canonical JSON of one answer per server; equal across a row group = same data.

Workloads:
${workloads.map((w) => `- **${w.id}** ${w.title}`).join("\n")}
${
  floor
    ? `
## Distance to the floor (W0)

What each workload costs on top of the HTTP + GraphQL pipeline alone (\`{ __typename }\` on the same server, same run):

${floor}
`
    : ""
}
${
  beforeAfter
    ? `## Before/after: \`before\` → \`bazaar\`

before: ${specs.before.label}

${beforeAfter}

`
    : ""
}## Targets

| target | result | measured |
|---|---|---|
${targets.join("\n")}

## SQL statements per W1 request by page size

${pageTable}

## Scale curve (${curveWorkloads.map((w) => w.id).join(", ")})

${curveTable}

The sizes are measured one after another as the catalog grows (minutes apart), so load from
elsewhere on the machine can differ between them; CPU ms/req is the least sensitive column.
Other processes while each size was measured (after each workload):
${sizes
  .map(
    (size) =>
      `- ${size.toLocaleString("en-US")} products: ${
        busy
          .filter((b) => b.size === size)
          .map((b) => `\`${b.load}\``)
          .join("; ") || "–"
      }`,
  )
  .join("\n")}

## Checksums

${checksumTable}

Run-to-run noise on this machine is ±10–15% (see bench/README.md): compare servers within one run, not across runs.
`;
  writeFileSync(`${stem}.md`, markdown);
  const svg = chartSvg({
    cells,
    servers,
    workloads: workloads.map((w) => w.id),
    title: `Bazaar benchmark ${date}: ${options.products.toLocaleString("en-US")} products, ${options.connections} connections`,
    subtitle: `${info.cpus.split(" × ")[0]} cores, Node ${info.node}, PostgreSQL ${info.postgres}; ${servers.join(" / ")}; same machine as the load generator`,
  });
  await sharp(Buffer.from(svg)).png().toFile(`${stem}.png`);

  process.stdout.write(
    `\n${table}\n\n${floor ? `${floor}\n\n` : ""}| target | result | measured |\n|---|---|---|\n${targets.join("\n")}\n\n${curveTable}\n\n`,
  );
  process.stdout.write(
    `Database: ${db.description}\nWrote ${path.relative(process.cwd(), stem)}.md and .png\n`,
  );
  if (problems.length) {
    process.stdout.write(`\nPROBLEMS:\n${problems.map((p) => `- ${p}`).join("\n")}\n`);
    process.exitCode = 1;
  }
  if (problems.length) process.stdout.write(`Server logs: ${logDir}\n`);
  else rmSync(logDir, { recursive: true, force: true });
}

runBounded(main);
