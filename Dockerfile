# syntax=docker/dockerfile:1
# The notification worker: `docker compose up -d --build` builds it (see docker-compose.yml).
# Three stages: `build` compiles TypeScript to lib/, `deps` installs production dependencies only, and the
# runtime stage gets lib/ + package.json + those dependencies, running as the unprivileged `node` user.
# Node is pinned to the exact version the test suite runs on.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# npm's postinstall would download the temporal CLI (only `npm start` / `npm test` need it); --ignore-scripts also
# skips `prepare`, so the build runs explicitly below.
ENV TEMPORAL_CLI_SKIP_INSTALL=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# tsc, then the preview page's browser files and the pre-built workflow bundle (lib/workflow-bundle.js).
RUN npm run build

FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production \
    TEMPORAL_CLI_SKIP_INSTALL=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force

FROM node:20.20.2-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    TEMPORAL_CLI_SKIP_INSTALL=1 \
    WORKER_METRICS_PORT=9464
# Owned by root and read-only for the `node` user (uid 1000) that runs the worker.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json ./
USER node
# Prometheus metrics (/metrics); the healthcheck below reads them.
EXPOSE 9464
# Healthy once the worker has started polling: its Prometheus endpoint answers with worker metrics.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "lib/healthcheck.js"]
CMD ["node", "lib/worker.js"]
