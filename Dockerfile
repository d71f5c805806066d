# syntax=docker/dockerfile:1
# Bazaar's container image. One image for every role: BAZAAR_ROLE (all | api | worker)
# chooses what a container does, and `node dist/db/cli/migrate.js` applies migrations.
#
#   docker build -t bazaar .
#   docker run --rm -p 4000:4000 -e DATABASE_URL=postgresql://… bazaar
#
# The Node.js line the tests run on; both images are Debian bookworm, so what is compiled in
# the first runs on the second. Pin digests (node:20-bookworm@sha256:…) for builds that must
# be reproducible.
ARG NODE_BUILD_IMAGE=node:20-bookworm
ARG NODE_RUNTIME_IMAGE=node:20-bookworm-slim

# ── deps: the production dependencies, with argon2 compiled for this Node.js ──
FROM ${NODE_BUILD_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: npm would otherwise run every dependency's install script, one of which
# downloads Prisma's native engines, which Bazaar never runs (its query compiler and schema
# engine are WebAssembly inside the npm packages). The one native addon, argon2, is then
# compiled from source against this image's Node.js headers: the prebuilt binary its package
# ships crashed Node 20 on load (a segmentation fault) where this was tried.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm_config_build_from_source=true npm_config_nodedir=/usr/local npm rebuild argon2 \
 && npm cache clean --force

# ── build: all dependencies, the generated Prisma client, tsc, the explorer bundle ──
FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /app
# Dependencies first: a change to the sources alone reuses this layer.
COPY package.json package-lock.json ./
COPY prisma ./prisma
# Our own postinstall, run explicitly (scripts are off, as above): it generates the Prisma
# client into src/generated/.
RUN npm ci --no-audit --no-fund --ignore-scripts && node prisma/generate.cjs
COPY . .
# tsc compiles src/ (the generated client included) into dist/; the explorer bundle lands
# in dist/explorer/.
RUN npm run build

# ── runtime: production dependencies and the build output only, as a non-root user ──
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json ./
# The query compiler's wasm (in @prisma/client/runtime) and the schema engine's (in
# @prisma/schema-engine-wasm) come with the production dependencies.
COPY --from=deps /app/node_modules ./node_modules
# The compiled server, including the generated Prisma client (dist/generated/prisma).
COPY --from=build /app/dist ./dist
# The migrator reads schema.prisma and migrations/ from here (at start-up and in migrate.js).
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY prisma/migrations ./prisma/migrations
# The trusted-documents manifest (BAZAAR_TRUSTED_DOCUMENTS_MANIFEST's default path).
COPY client/generated/persisted-documents.json ./client/generated/persisted-documents.json
COPY deploy/healthcheck.cjs ./deploy/healthcheck.cjs
# Everything above belongs to root and is read-only to the app, which writes nothing to
# disk when it has a DATABASE_URL (so Kubernetes can mount the root filesystem read-only).
# 1000 is the image's `node` user; numeric so that Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 4000
# Liveness only: /readyz (the database answers) is for load balancers and orchestrators.
# The start period covers start-up migrations, which wait for any other node migrating.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "deploy/healthcheck.cjs", "/healthz"]
# node directly (not npm): it receives SIGTERM itself and shuts down gracefully.
CMD ["node", "dist/main.js"]
