# syntax=docker/dockerfile:1
# API Playground image: built on `npm run package` (the self-contained release), run as the unprivileged `node` user.
#   docker build -t apiplay .
#   docker run -p 8080:8080 -v apiplay-data:/data apiplay                      # embedded mode (PGlite in /data)
#   docker run … -e DATABASE_URL=… -e REDIS_URL=… -e JWT_SECRET=… -e SECRETS_KEY=… apiplay   # server mode
#   docker run … apiplay node apps/server/dist/worker.js                       # a worker (server mode)
# Not built by the test suite (no Docker daemon on the CI machine); the release it copies is tested by
# apps/server/test/package-release.test.ts.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first: the dependency layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY apps/server/package.json apps/server/
COPY apps/cli/package.json apps/cli/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund
COPY . .
# Builds web, server and CLI, then installs only the production dependencies into the release folder (same base
# image as the runtime stage, so native addons match).
RUN npm run package -- --out /out --no-tarball && mv /out/apiplay-* /release

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /release /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.js"]
