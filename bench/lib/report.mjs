// The results as Markdown tables and as a bar chart (SVG drawn here, PNG through sharp).

const fmt = {
  rps: (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "–"),
  ms: (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : "–"),
  ratio: (v) => (Number.isFinite(v) ? (v >= 10 ? v.toFixed(1) : v.toFixed(2)) : "–"),
  num: (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : "–"),
};
export { fmt };

/** The median of the finite values (NaN when there are none). */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Markdown table from a header and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * @typedef {object} Cell
 * @property {string} workload
 * @property {string} server
 * @property {number} rps
 * @property {number} p50
 * @property {number} p99
 * @property {number} statements       per request, one request measured alone
 * @property {number} loadStatements   per request, averaged over the measured window
 * @property {number} cpuMsPerRequest
 * @property {number} peakRssMb
 * @property {number} errors
 * @property {string} errorDetail
 * @property {string} checksum
 * @property {number} requests
 */

/** The ladder: one row per workload and server, ratios against the raw reference of the same workload. */
export function ladderTable(cells, reference = "raw") {
  const header = [
    "workload",
    "server",
    "req/s",
    "× raw",
    "p50 ms",
    "× raw",
    "p99 ms",
    "× raw",
    "SQL/req",
    "CPU ms/req",
    "peak RSS MB",
    "errors",
    "checksum",
  ];
  const rows = cells.map((cell) => {
    const ref = cells.find((c) => c.workload === cell.workload && c.server === reference);
    const ratio = (key) => (ref && ref !== cell ? fmt.ratio(cell[key] / ref[key]) : ref === cell ? "1" : "–");
    const statements =
      Number.isFinite(cell.loadStatements) && Math.abs(cell.loadStatements - cell.statements) > 0.05
        ? `${fmt.num(cell.statements, 0)} (${fmt.num(cell.loadStatements, 1)})`
        : fmt.num(cell.statements, 0);
    return [
      cell.workload,
      cell.server,
      fmt.rps(cell.rps),
      ratio("rps"),
      fmt.ms(cell.p50),
      ratio("p50"),
      fmt.ms(cell.p99),
      ratio("p99"),
      statements,
      fmt.num(cell.cpuMsPerRequest, 2),
      fmt.num(cell.peakRssMb, 0),
      cell.errors === 0 ? "0" : `**${cell.errors}**`,
      cell.checksum,
    ];
  });
  return markdownTable(header, rows);
}

/**
 * Each workload against W0 (`{ __typename }`) on the same server: how far it is from what the
 * HTTP + GraphQL pipeline alone costs. Null without W0 cells.
 */
export function floorTable(cells, floorWorkload = "W0") {
  const rows = cells
    .filter((cell) => cell.workload !== floorWorkload)
    .map((cell) => [cell, cells.find((c) => c.workload === floorWorkload && c.server === cell.server)])
    .filter(([, floor]) => floor);
  if (rows.length === 0) return null;
  return markdownTable(
    ["workload", "server", "req/s ÷ W0", "p50 ms − W0", "p99 ms − W0", "CPU ms/req − W0"],
    rows.map(([cell, floor]) => [
      cell.workload,
      cell.server,
      fmt.ratio(cell.rps / floor.rps),
      fmt.ms(cell.p50 - floor.p50),
      fmt.ms(cell.p99 - floor.p99),
      fmt.num(cell.cpuMsPerRequest - floor.cpuMsPerRequest, 2),
    ]),
  );
}

const escapeXml = (text) =>
  String(text).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);

const palette = { raw: "#4c72b0", bazaar: "#dd8452", naive: "#c44e52", before: "#8c8c8c" };
const extraColours = ["#55a868", "#8172b3", "#937860", "#da8bc3"];

/**
 * Grouped bars, one group per workload, one bar per server, on a log scale: req/s on top,
 * p99 latency below.
 */
export function chartSvg({ cells, servers, workloads, title, subtitle }) {
  const width = 1100;
  const panelHeight = 300;
  const top = 70;
  const left = 70;
  const right = 20;
  const gap = 60;
  const legendHeight = 40;
  const height = top + 2 * panelHeight + gap + legendHeight + 30;
  const colour = (server, i) => palette[server] ?? extraColours[i % extraColours.length];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="28" font-size="20" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="50" font-size="12" text-anchor="middle" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  const panel = (y0, key, label, format) => {
    const values = cells.map((c) => c[key]).filter((v) => Number.isFinite(v) && v > 0);
    if (values.length === 0) return;
    const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values))));
    const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values) * 1.05)));
    const plotHeight = panelHeight - 40;
    const y = (v) =>
      y0 + plotHeight - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotHeight;
    parts.push(
      `<text x="${left - 55}" y="${y0 - 8}" font-size="13" font-weight="bold">${escapeXml(label)}</text>`,
    );
    for (let decade = lo; decade <= hi * 1.0001; decade *= 10) {
      parts.push(
        `<line x1="${left}" x2="${width - right}" y1="${y(decade)}" y2="${y(decade)}" stroke="#ddd"/>`,
      );
      parts.push(
        `<text x="${left - 6}" y="${y(decade) + 4}" font-size="11" text-anchor="end" fill="#555">${decade >= 1 ? decade : decade.toPrecision(1)}</text>`,
      );
    }
    const groupWidth = (width - left - right) / workloads.length;
    const barWidth = Math.min(40, (groupWidth - 20) / servers.length);
    workloads.forEach((workload, w) => {
      const gx = left + w * groupWidth + (groupWidth - barWidth * servers.length) / 2;
      parts.push(
        `<text x="${left + w * groupWidth + groupWidth / 2}" y="${y0 + plotHeight + 18}" font-size="13" text-anchor="middle">${escapeXml(workload)}</text>`,
      );
      servers.forEach((server, s) => {
        const cell = cells.find((c) => c.workload === workload && c.server === server);
        const value = cell?.[key];
        if (!Number.isFinite(value) || value <= 0) return;
        const x = gx + s * barWidth;
        const yTop = y(Math.max(value, lo));
        parts.push(
          `<rect x="${x + 1}" y="${yTop}" width="${barWidth - 2}" height="${y0 + plotHeight - yTop}" fill="${colour(server, s)}"/>`,
        );
        parts.push(
          `<text x="${x + barWidth / 2}" y="${yTop - 4}" font-size="10" text-anchor="middle" fill="#333">${escapeXml(format(value))}</text>`,
        );
      });
    });
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y0 + plotHeight}" y2="${y0 + plotHeight}" stroke="#333"/>`,
    );
  };
  panel(top + 20, "rps", "requests/s (log scale, higher is better)", fmt.rps);
  panel(top + 20 + panelHeight + gap, "p99", "p99 latency ms (log scale, lower is better)", fmt.ms);
  const legendY = height - legendHeight + 5;
  servers.forEach((server, s) => {
    const x = left + s * 220;
    parts.push(`<rect x="${x}" y="${legendY}" width="14" height="14" fill="${colour(server, s)}"/>`);
    parts.push(`<text x="${x + 20}" y="${legendY + 12}" font-size="13">${escapeXml(server)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}
