#!/usr/bin/env node
// The container's health probe: container images built on node:*-slim have no curl or wget,
// so the probe is Node itself. Exits 0 when GET <path> on this container's own port answers
// 2xx within the timeout, 1 otherwise. Usage: node deploy/healthcheck.cjs [/healthz|/readyz]
"use strict";

const path = process.argv[2] ?? "/healthz";
const port = process.env.PORT || "4000";
// A probe that hangs would pile up behind Docker's own timeout; give up first.
const timeoutMs = 2_500;

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
