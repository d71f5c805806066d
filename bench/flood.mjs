// `npm run bench:flood`: does a flood of bad requests hurt good ones? Seeds a small
// dedicated database, starts Bazaar as shipped (every limit and the cost budget at their
// defaults), and measures signed-in storefront traffic at a fixed rate alone (phase A) and
// while anonymous hostile requests run at full speed from a fixed number of connections
// (phase B). Target: p50 and p99 under the flood within 2× of idle.
// See bench/README.md § "npm run bench:flood".

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { openBenchDatabase, scalarQuery, seed, startEmbedded } from "./lib/database.mjs";
import { prepareFixtures } from "./lib/fixtures.mjs";
import { floodKinds, runFlood, sendKind } from "./lib/flood-requests.mjs";
import { cleanups, log, runBounded } from "./lib/lifecycle.mjs";
import { runPaced, sendOnce } from "./lib/load.mjs";
import { cpuMsOfProcesses, machine, otherLoad, waitForQuiet } from "./lib/machine.mjs";
import { fmt, markdownTable, median } from "./lib/report.mjs";
import { bazaarEnvironment, cpuMs, startServer, waitIdle } from "./lib/servers.mjs";
import { workloads } from "./lib/workloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Not `npm run bench`'s database: both can run on one PostgreSQL server. */
const floodDatabase = "bazaar_bench_flood";
const targetRatio = 2;

const defaults = {
  products: 10_000,
  duration: 20,
  warmup: 5,
  rounds: 2,
  rate: 50,
  listingShare: 0.3,
  floodConnections: [2, 4, 16],
  kindSeconds: 3,
  maxLoad: 0.7,
  waitMinutes: 20,
};

const usage = `usage: npm run bench:flood [-- options]
  --products N          catalog size (default ${defaults.products})
  --duration S          measured seconds per phase (default ${defaults.duration})
  --warmup S            warm-up seconds before the first round (default ${defaults.warmup})
  --rounds R            rounds of A and every B, interleaved; medians reported (default ${defaults.rounds})
  --rate N              good requests per second, W1 + W2 (default ${defaults.rate})
  --listing-share F     part of --rate that is W1 listings, the rest W2 product pages (default ${defaults.listingShare})
  --flood-connections C[,C…]  connections of the flood, each count its own phase B; the verdict is the
                        largest (default ${defaults.floodConnections.join(",")}; at least 2: one goes to the connection-closing requests)
  --kind-seconds S      each bad request alone for S seconds, for its cost (default ${defaults.kindSeconds}; 0 skips)
  --kinds a,b           only these bad requests (default all; see the README)
  --max-load L          wait until the 1-min load average is at most L before seeding and measuring (default ${defaults.maxLoad})
  --wait-minutes M      give up waiting for a quiet machine after M minutes and measure anyway, noted (default ${defaults.waitMinutes})
  --embedded            use the embedded database even if PostgreSQL is reachable
  --keep-db             leave the database in place
  --out DIR             where results go (default bench/results)
Database: BENCH_DATABASE_URL (an empty database) when set, else a fresh "${floodDatabase}"
on the local PostgreSQL (dropped afterwards), else the embedded database.`;

function fail(message) {
  process.stderr.write(`bench:flood: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    ...defaults,
    kinds: null,
    embedded: false,
    keepDb: false,
    out: path.join(root, "bench/results"),
  };
  const number = (flag, raw, min, max) => {
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value < min || value > max)
      fail(`${flag} needs a number from ${min} to ${max}`);
    return value;
  };
  const numeric = {
    "--products": ["products", 100, 10_000_000],
    "--duration": ["duration", 1, 600],
    "--warmup": ["warmup", 0, 120],
    "--rounds": ["rounds", 1, 20],
    "--rate": ["rate", 1, 10_000],
    "--listing-share": ["listingShare", 0, 1],
    "--kind-seconds": ["kindSeconds", 0, 60],
    "--max-load": ["maxLoad", 0, 1000],
    "--wait-minutes": ["waitMinutes", 0, 120],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (numeric[flag]) {
      const [key, min, max] = numeric[flag];
      options[key] = number(flag, value(), min, max);
    } else if (flag === "--flood-connections") {
      options.floodConnections = [
        ...new Set((value() ?? "").split(",").map((c) => number(flag, c.trim(), 2, 256))),
      ].sort((a, b) => a - b);
    } else if (flag === "--kinds")
      options.kinds = (value() ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === "--embedded") options.embedded = true;
    else if (flag === "--keep-db") options.keepDb = true;
    else if (flag === "--out") options.out = path.resolve(value());
    else if (flag === "--help" || flag === "-h") {
      console.log(usage);
      process.exit(0);
    } else fail(`unknown argument "${argv[i]}"`);
  }
  return options;
}

// ── Good traffic ─────────────────────────────────────────────────────────────────────────
const [listing, productPage] = ["W1", "W2"].map((id) => workloads.find((w) => w.id === id));

/**
 * The signed-in storefront traffic at its fixed rate: W1 and W2 each paced evenly (open
 * loop), W2's requests half an interval after W1's start so the two streams interleave.
 */
function runGood({ baseUrl, fixtures, options, seconds, sequence }) {
  const headers = { authorization: `Bearer ${fixtures.token}` };
  const listingRate = Math.round(options.rate * options.listingShare);
  const shares = [
    [listing, listingRate, 0],
    [productPage, options.rate - listingRate, 500 / (options.rate - listingRate)],
  ].filter(([, rate]) => rate > 0);
  return Promise.all(
    shares.map(async ([workload, rate, offsetMs]) => ({
      workload: workload.id,
      targetRate: rate,
      ...(await runPaced({
        baseUrl,
        workload,
        headers,
        next: () => workload.variables(sequence.i++, fixtures),
        rate,
        seconds,
        offsetMs,
      })),
    })),
  );
}

/** The flood in a worker thread (see lib/flood-worker.mjs): resolves `started` once it sends, `done` with its result. */
function startFlood({ baseUrl, victimEmail, kinds, closing, connections, seconds }) {
  const worker = new Worker(new URL("./lib/flood-worker.mjs", import.meta.url), {
    workerData: { baseUrl, victimEmail, kinds: kinds.map((k) => k.id), closing, connections, seconds },
  });
  cleanups.push(() => worker.terminate());
  let started;
  const startedPromise = new Promise((resolve) => (started = resolve));
  const done = new Promise((resolve, reject) => {
    worker.on("message", (message) => (message.started ? started() : resolve(message.result)));
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`the flood worker exited with ${code} before reporting`)));
  });
  done.catch(() => started());
  return { started: startedPromise, done };
}

/** CPU used by the server, PostgreSQL and this process (the load generator) between two readings, in ms. */
function cpuMeter(serverPid) {
  const read = () => {
    const own = process.cpuUsage();
    return {
      server: cpuMs(serverPid),
      postgres: cpuMsOfProcesses("postgres"),
      generator: (own.user + own.system) / 1000,
      at: performance.now(),
    };
  };
  const start = read();
  return () => {
    const end = read();
    const seconds = (end.at - start.at) / 1000;
    // In % of one core.
    return {
      seconds,
      server: (end.server - start.server) / seconds / 10,
      postgres: (end.postgres - start.postgres) / seconds / 10,
      generator: (end.generator - start.generator) / seconds / 10,
      serverMs: end.server - start.server,
      postgresMs: end.postgres - start.postgres,
    };
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Phase A (`connections` 0: the good traffic alone) or B (with a flood from `connections`
 * connections, started 2 s before the good traffic is measured and stopped 1 s after).
 */
async function measurePhase({
  server,
  fixtures,
  kinds,
  closing,
  victimEmail,
  options,
  sequence,
  connections,
}) {
  await waitIdle(server.baseUrl);
  const lead = 2;
  const flood =
    connections > 0
      ? startFlood({
          baseUrl: server.baseUrl,
          victimEmail,
          kinds,
          closing,
          connections,
          seconds: lead + options.duration + 1,
        })
      : null;
  if (flood) {
    await flood.started;
    await sleep(lead * 1000);
  }
  const meter = cpuMeter(server.pid);
  const loadBefore = os.loadavg()[0];
  const good = await runGood({
    baseUrl: server.baseUrl,
    fixtures,
    options,
    seconds: options.duration,
    sequence,
  });
  const cpu = meter();
  const floodResult = await flood?.done;
  await waitIdle(server.baseUrl);
  if (!server.alive()) throw new Error(`Bazaar died during a phase; see ${server.logFile}`);
  return {
    connections,
    good,
    cpu,
    flood: floodResult ?? null,
    loadavg: Math.max(loadBefore, os.loadavg()[0]),
  };
}

/** Each bad request alone, for a few seconds: what one costs the server and PostgreSQL. */
async function measureKind({ server, kind, closing, connections, seconds }) {
  await waitIdle(server.baseUrl);
  const meter = cpuMeter(server.pid);
  const result = await runFlood({ baseUrl: server.baseUrl, kinds: [kind], closing, connections, seconds });
  await waitIdle(server.baseUrl);
  const cpu = meter();
  const handled = result.answered + result.errors;
  return {
    kind: kind.id,
    ...result,
    cpu,
    serverMsPerRequest: cpu.serverMs / handled,
    postgresMsPerRequest: cpu.postgresMs / handled,
  };
}

const mixText = (codes) =>
  Object.entries(codes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${count.toLocaleString("en-US")} × ${code}`)
    .join(", ") || "–";

/** Adds counts by key (per kind, then per code) into `total`. */
function addMix(total, mix) {
  for (const [kind, codes] of Object.entries(mix)) {
    total[kind] ??= {};
    for (const [code, count] of Object.entries(codes)) total[kind][code] = (total[kind][code] ?? 0) + count;
  }
  return total;
}

const loadText = (loadavg) => loadavg.map((v) => v.toFixed(2)).join(" / ");

// ── The run ──────────────────────────────────────────────────────────────────────────────
async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(root, "dist/main.js")))
    fail("dist/main.js is missing: run `npm run build` (npm run bench:flood does)");
  const startedAt = new Date();
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-flood-logs-"));
  const notes = [];
  const fullFlood = options.floodConnections.at(-1);

  const quietAtStart = await waitForQuiet({
    maxLoad: options.maxLoad,
    limitMinutes: options.waitMinutes,
    log,
  });
  if (!quietAtStart.quiet)
    notes.push(
      `The machine did not become quiet within ${options.waitMinutes} min before seeding (load average ${loadText(quietAtStart.loadavg)}).`,
    );

  const db = await openBenchDatabase({
    name: floodDatabase,
    embedded: options.embedded,
    keepDb: options.keepDb,
  });
  log(`database: ${db.description}`);
  const seedStarted = performance.now();
  const seedOutput = await seed(
    db.kind === "embedded" ? { BAZAAR_DATA_DIR: db.dataDir } : { DATABASE_URL: db.url },
    options.products,
  );
  const seedNote = `${options.products.toLocaleString("en-US")} products in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (${seedOutput.split("\n")[0]})`;
  const url = db.kind === "embedded" ? (await startEmbedded(db.dataDir)).url : db.url;
  const pgVersion = (await scalarQuery(url, "SHOW server_version")).server_version;
  const fixtures = await prepareFixtures(url);
  // The attacker guesses the password of a customer other than the good client's.
  const victim = (await scalarQuery(url, "SELECT email FROM users ORDER BY created_at, id OFFSET 1 LIMIT 1"))
    .email;
  const allKinds = floodKinds(victim);
  for (const id of options.kinds ?? [])
    if (!allKinds.some((k) => k.id === id))
      fail(`unknown kind "${id}" (${allKinds.map((k) => k.id).join(", ")})`);
  const kinds = options.kinds ? allKinds.filter((k) => options.kinds.includes(k.id)) : allKinds;

  const server = await startServer(
    {
      name: "bazaar",
      label: "Bazaar as shipped, default limits",
      args: [path.join(root, "dist/main.js")],
      cwd: root,
      env: bazaarEnvironment(url, db.poolSize),
    },
    logDir,
  );
  cleanups.push(() => server.stop());
  log(`Bazaar on ${server.baseUrl} (pid ${server.pid})`);

  // The good client must stay within its own cost budget, or it would measure the limiter.
  const auth = { authorization: `Bearer ${fixtures.token}` };
  const probes = {};
  for (const workload of [listing, productPage]) {
    const { status, body } = await sendOnce(
      server.baseUrl,
      workload,
      workload.checkVariables(fixtures),
      auth,
    );
    if (status !== 200 || body.errors)
      throw new Error(
        `${workload.id} as the signed-in customer: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`,
      );
    probes[workload.id] = body.extensions.cost;
  }
  const budget = probes.W1;
  const listingRate = Math.round(options.rate * options.listingShare);
  const pointsPerSecond =
    listingRate * probes.W1.requested + (options.rate - listingRate) * probes.W2.requested;
  const budgetNote = `W1 costs ${probes.W1.requested} points, W2 ${probes.W2.requested}: ${listingRate} W1/s + ${options.rate - listingRate} W2/s spend ${pointsPerSecond.toLocaleString("en-US")} points/s of the customer's ${budget.restoreRate.toLocaleString("en-US")}/s (bucket ${budget.capacity.toLocaleString("en-US")})`;
  log(budgetNote);
  if (pointsPerSecond > 0.9 * budget.restoreRate)
    fail(
      `the good traffic would exhaust its own cost budget (${budgetNote}); lower --rate or --listing-share`,
    );

  // Each bad request once, alone: what it is answered, and whether the connection survives.
  const answers = {};
  for (const kind of kinds) answers[kind.id] = await sendKind(server.baseUrl, kind);
  const closing = kinds.filter((k) => answers[k.id].closes).map((k) => k.id);
  log(
    `answers: ${kinds.map((k) => `${k.id} → ${answers[k.id].answer}${answers[k.id].closes ? " (closes)" : ""}`).join("; ")}`,
  );

  // Warm-up: the good paths and the refusal paths compiled before anything is measured. The
  // login throttle trips here (its window is 15 minutes), as it would in the first second
  // of a real attack.
  const sequence = { i: 0 };
  if (options.warmup > 0) {
    log(`warm-up: ${options.warmup} s of good traffic, then 2 s of flood`);
    await runGood({ baseUrl: server.baseUrl, fixtures, options, seconds: options.warmup, sequence });
    const warm = await startFlood({
      baseUrl: server.baseUrl,
      victimEmail: victim,
      kinds,
      closing,
      connections: fullFlood,
      seconds: 2,
    }).done;
    if (warm.mix.wrongPassword)
      notes.push(
        `Warm-up flood (2 s, not measured): wrongPassword answered ${mixText(warm.mix.wrongPassword)} — the first 10 are real password checks (argon2), then the per-email throttle refuses.`,
      );
  }

  const quiet = await waitForQuiet({ maxLoad: options.maxLoad, limitMinutes: options.waitMinutes, log });
  if (!quiet.quiet)
    notes.push(
      `The machine did not become quiet within ${options.waitMinutes} min before measuring (load average ${loadText(quiet.loadavg)}): measured anyway.`,
    );
  const busyBefore = await otherLoad();
  log(
    `measuring: load average ${loadText(quiet.loadavg)}${quiet.waitedSeconds ? ` after waiting ${quiet.waitedSeconds} s` : ""}; other processes: ${busyBefore}`,
  );

  const phases = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const connections of [0, ...options.floodConnections]) {
      log(
        `round ${round}/${options.rounds}, ${connections ? `B: good traffic + flood from ${connections} connections` : "A: good traffic alone"}, ${options.duration} s`,
      );
      const phase = {
        round,
        ...(await measurePhase({
          server,
          fixtures,
          kinds,
          closing,
          victimEmail: victim,
          options,
          sequence,
          connections,
        })),
      };
      for (const g of phase.good)
        log(
          `  ${g.workload}: ${fmt.rps(g.rps)} req/s, p50 ${fmt.ms(g.p50)} ms, p90 ${fmt.ms(g.p90)} ms, p99 ${fmt.ms(g.p99)} ms, errors ${g.errors}`,
        );
      log(
        `  CPU % of a core: server ${fmt.num(phase.cpu.server, 0)}, PostgreSQL ${fmt.num(phase.cpu.postgres, 0)}, generator ${fmt.num(phase.cpu.generator, 0)}${phase.flood ? `; flood ${fmt.rps(phase.flood.rps)} answers/s, ${phase.flood.errors} connection errors` : ""}`,
      );
      phases.push(phase);
    }
  }

  const perKind = [];
  for (const kind of options.kindSeconds > 0 ? kinds : []) {
    log(`${kind.id} alone: ${options.kindSeconds} s, ${fullFlood} connections`);
    const result = await measureKind({
      server,
      kind,
      closing,
      connections: fullFlood,
      seconds: options.kindSeconds,
    });
    log(
      `  ${fmt.rps(result.rps)} answers/s, server ${fmt.num(result.serverMsPerRequest, 3)} CPU ms/req, PostgreSQL ${fmt.num(result.postgresMsPerRequest, 3)}; ${mixText(result.mix[kind.id])}${result.errors ? `; ${result.errors} connection errors` : ""}`,
    );
    perKind.push(result);
  }
  const busyAfter = await otherLoad();
  const serverLogBytes = readFileSync(server.logFile).length;
  await server.stop();

  // ── Report ──────────────────────────────────────────────────────────────────────────────
  const info = machine(pgVersion);
  const peakLoad = Math.max(...phases.map((p) => p.loadavg));
  const phaseName = (c) => (c ? `B flood ×${c}` : "A idle");
  const phaseTable = markdownTable(
    [
      "phase",
      "round",
      "good workload",
      "good req/s (target)",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "errors",
      "server CPU %",
      "PostgreSQL CPU %",
      "generator CPU %",
      "flood answers/s",
    ],
    phases.flatMap((p) =>
      p.good.map((g) => [
        phaseName(p.connections),
        p.round,
        g.workload,
        `${fmt.rps(g.rps)} (${g.targetRate})`,
        fmt.ms(g.p50),
        fmt.ms(g.p90),
        fmt.ms(g.p99),
        g.errors === 0 ? "0" : `**${g.errors}** ${g.errorDetail.slice(0, 120)}`,
        fmt.num(p.cpu.server, 0),
        fmt.num(p.cpu.postgres, 0),
        fmt.num(p.cpu.generator, 0),
        p.flood ? fmt.rps(p.flood.rps) : "–",
      ]),
    ),
  );
  /** The median over rounds of one workload's `key` in the phases with `connections`. */
  const of = (connections, workload, key) =>
    median(
      phases
        .filter((p) => p.connections === connections)
        .map((p) => p.good.find((g) => g.workload === workload)?.[key]),
    );
  const verdicts = options.floodConnections.flatMap((c) =>
    [listing, productPage].flatMap((w) =>
      ["p50", "p99"].map((key) => ({
        connections: c,
        workload: w.id,
        key,
        ratio: of(c, w.id, key) / of(0, w.id, key),
      })),
    ),
  );
  const ratioTable = markdownTable(
    [
      "flood connections",
      "workload",
      "p50 ms idle → flood",
      "ratio",
      "p90 ms idle → flood",
      "ratio",
      "p99 ms idle → flood",
      "ratio",
      `p50 and p99 ≤ ${targetRatio}×`,
    ],
    options.floodConnections.flatMap((c) =>
      [listing, productPage].map((w) => [
        c,
        w.id,
        ...["p50", "p90", "p99"].flatMap((key) => [
          `${fmt.ms(of(0, w.id, key))} → ${fmt.ms(of(c, w.id, key))}`,
          `${fmt.ratio(of(c, w.id, key) / of(0, w.id, key))}×`,
        ]),
        verdicts
          .filter((v) => v.connections === c && v.workload === w.id)
          .every((v) => v.ratio <= targetRatio)
          ? "met"
          : "**missed**",
      ]),
    ),
  );
  const floodTable = markdownTable(
    [
      "flood connections",
      "flood answers/s",
      "connection errors/s",
      "server CPU %",
      "PostgreSQL CPU %",
      "generator CPU %",
    ],
    options.floodConnections.map((c) => {
      const bs = phases.filter((p) => p.connections === c);
      return [
        c,
        fmt.rps(median(bs.map((p) => p.flood.rps))),
        fmt.num(median(bs.map((p) => p.flood.errors / p.flood.seconds)), 1),
        ...["server", "postgres", "generator"].map((k) => fmt.num(median(bs.map((p) => p.cpu[k])), 0)),
      ];
    }),
  );
  const fullFloods = phases.filter((p) => p.connections === fullFlood).map((p) => p.flood);
  const floodMix = fullFloods.reduce((total, f) => addMix(total, f.mix), {});
  const floodSeconds = fullFloods.reduce((sum, f) => sum + f.seconds, 0);
  const floodErrorKinds = fullFloods.reduce((total, f) => addMix(total, { all: f.errorKinds }), {}).all ?? {};
  const mixTable = markdownTable(
    ["bad request", "what", "answered alone", `answers during the ×${fullFlood} flood phases`, "per s"],
    kinds.map((k) => {
      const count = Object.values(floodMix[k.id] ?? {}).reduce((a, b) => a + b, 0);
      return [
        k.id,
        k.what,
        `\`${answers[k.id].answer}\`${answers[k.id].closes ? ", closes the connection" : ""}`,
        mixText(floodMix[k.id] ?? {}),
        fmt.rps(count / floodSeconds),
      ];
    }),
  );
  const kindTable = perKind.length
    ? markdownTable(
        [
          "bad request",
          "answers/s alone",
          "server CPU ms/req",
          "PostgreSQL CPU ms/req",
          "server CPU %",
          "PostgreSQL CPU %",
          "connection errors",
          "answers",
        ],
        [...perKind]
          .sort(
            (a, b) =>
              b.serverMsPerRequest + b.postgresMsPerRequest - (a.serverMsPerRequest + a.postgresMsPerRequest),
          )
          .map((r) => [
            r.kind,
            fmt.rps(r.rps),
            fmt.num(r.serverMsPerRequest, 3),
            fmt.num(r.postgresMsPerRequest, 3),
            fmt.num(r.cpu.server, 0),
            fmt.num(r.cpu.postgres, 0),
            r.errors,
            mixText(r.mix[r.kind]),
          ]),
      )
    : "(not measured: --kind-seconds 0)";
  const worstAt = (c) =>
    verdicts.filter((v) => v.connections === c).reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const worst = worstAt(fullFlood);
  const met = verdicts.filter((v) => v.connections === fullFlood).every((v) => v.ratio <= targetRatio);
  const heldUpTo = options.floodConnections
    .filter((c) => verdicts.filter((v) => v.connections === c).every((v) => v.ratio <= targetRatio))
    .at(-1);
  const summary = `${met ? "**Met**" : "**Missed**"}: with the flood from ${fullFlood} connections the good requests' latency was up to ${fmt.ratio(worst.ratio)}× idle (${worst.workload} ${worst.key}); target ≤ ${targetRatio}× for p50 and p99.${options.floodConnections.length > 1 ? ` ${heldUpTo ? `The target held up to ${heldUpTo} flood connections` : `It was missed at every flood size measured (${options.floodConnections.map((c) => `×${c}: up to ${fmt.ratio(worstAt(c).ratio)}×`).join(", ")})`}.` : ""}`;

  const markdown = `# Bazaar under a flood of bad requests, ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC

${summary}

## Setup

- Machine: ${info.cpus}, ${info.memoryGiB} GiB RAM, ${info.kernel}; Node ${info.node}; PostgreSQL ${info.postgres}. **The load generator (the bench process: the good client on its main thread, the flood in a worker thread), Bazaar and PostgreSQL share these ${os.availableParallelism()} cores**: the flood's own CPU is taken from the server's.
- Load average (1 / 5 / 15 min) when measuring began: ${loadText(quiet.loadavg)}${quiet.waitedSeconds ? ` (after waiting ${quiet.waitedSeconds} s for the 1-min value to fall to ≤ ${options.maxLoad})` : ` (≤ ${options.maxLoad} required)`}; when seeding began ${loadText(quietAtStart.loadavg)}${quietAtStart.waitedSeconds ? ` (after waiting ${quietAtStart.waitedSeconds} s)` : ""}; highest 1-min value during the phases ${peakLoad.toFixed(2)} (mostly our own load). Other processes, sampled for 1 s with Bazaar idle: before \`${busyBefore}\`, after \`${busyAfter}\`.
- Database: ${db.description}. Seeded with Bazaar's scale seed: ${seedNote}.
- Bazaar: \`node dist/main.js\` with NODE_ENV=production, LOG_LEVEL=warn, BAZAAR_SEED_DEMO=false, database pool ${db.poolSize}, **every limit and the cost budget at its default** (budget ${budget.capacity.toLocaleString("en-US")} points, ${budget.restoreRate.toLocaleString("en-US")}/s per client). Code: ${info.commit}.
- Good traffic: a signed-in customer (Bearer token: its own cost bucket, not the flood's IP bucket) at a fixed ${options.rate} req/s — W1 storefront listing ${listingRate} req/s and W2 product page ${options.rate - listingRate} req/s, each stream paced evenly and open loop (request i is sent at start + i / rate whether or not earlier ones were answered; latency counted from that moment, so a stall shows as latency, not as a lower rate). ${budgetNote}. Latency: 2xx answers, full precision; errors: non-2xx, connection errors, timeouts and answers carrying GraphQL errors.
- Flood: anonymous, at full speed from ${options.floodConnections.join(", ")} connections (one phase B each), over 127.0.0.1, from autocannon in a worker thread of the bench process (bodies built once). The requests after which Bazaar closes the connection (${closing.join(", ") || "none"}) go round on their share of the connections (${fullFloods[0]?.closingConnections ?? "–"} of ${fullFlood}), a new connection each; the other ${kinds.length - closing.length} go round on the rest, each sent as soon as the last is answered. Answers are attributed by the \`x-request-id\` Bazaar echoes. Each flood runs ${options.duration + 3} s, from 2 s before the good traffic is measured.
- Phases: ${options.warmup > 0 ? `warm-up (${options.warmup} s good traffic + 2 s flood), then ` : ""}${options.rounds} round(s) of A (good traffic alone) and B for each flood size (the same good traffic with the flood), ${options.duration} s measured each; medians over rounds. Between phases the bench waits until Bazaar's counters stop moving.

## Good requests: idle (A) vs under the flood (B)

${ratioTable}

${phaseTable}

CPU %: of one core, over the measured window (user + system from /proc). PostgreSQL: all \`postgres\` processes on the machine (other databases' included). Generator: the bench process (good client and, in B, the flood).

## The flood

${floodTable}

${fmt.rps(fullFloods.reduce((sum, f) => sum + f.answered, 0) / floodSeconds)} answers/s from ${fullFlood} connections (all ×${fullFlood} phases); connection errors: ${mixText(floodErrorKinds)} — Bazaar answers an oversize body from its Content-Length and closes the socket, so a client still writing may see a reset instead of the 413.

${mixTable}

Codes: HTTP status and \`extensions.code\` (GraphQL) or \`code\` (Fastify's own answers); \`200 data\` is an answer without errors.

## What each bad request costs (each alone, ${options.kindSeconds} s, ${fullFlood} connections)

${kindTable}

CPU ms/req: the process's CPU over the run ÷ (answers + connection errors). PostgreSQL's counts every backend on the machine.

## Notes

${[...notes, `Server log (LOG_LEVEL=warn) after the run: ${serverLogBytes.toLocaleString("en-US")} bytes.`].map((n) => `- ${n}`).join("\n")}
`;
  mkdirSync(options.out, { recursive: true });
  const date = startedAt.toISOString().slice(0, 10);
  let file = path.join(options.out, `${date}-flood.md`);
  if (existsSync(file))
    file = path.join(
      options.out,
      `${date}-${startedAt.toISOString().slice(11, 16).replace(":", "")}-flood.md`,
    );
  writeFileSync(file, markdown);
  process.stdout.write(
    `\n${summary}\n\n${ratioTable}\n\n${floodTable}\n\n${kindTable}\n\nWrote ${path.relative(process.cwd(), file)}\n`,
  );
  if (!met) process.exitCode = 1;
  rmSync(logDir, { recursive: true, force: true });
}

runBounded(main, 45);
