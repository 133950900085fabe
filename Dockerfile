# syntax=docker/dockerfile:1
#
# The ci-scaler webhook server: `ci-scaler serve` with its config at /config/ci-scaler.yml
# (mount it, e.g. from a ConfigMap) and its secrets in the environment (${env:NAME} in the
# config). Not built in CI: no base image can be pulled there (see README "Deploy the
# server").
#
#   docker build -t ci-scaler .
#   docker run -p 8080:8080 -v $PWD/ci-scaler.yml:/config/ci-scaler.yml:ro \
#     -e CI_SCALER_WEBHOOK_SECRET -e CI_SCALER_API_TOKEN -e GITHUB_TOKEN ci-scaler

ARG NODE_IMAGE=node:24-bookworm-slim

# Build: every dependency, the bundle, the JSON Schema.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Production dependencies only. The bundle holds nearly everything; what it leaves out
# (native add-ons such as cpu-features, loaded when present) resolves from here.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# A writable place for the file state store (state: { type: file, path: /data/state.json }).
RUN mkdir -p /data /config && chown 1000:1000 /data
# Numeric, so Kubernetes can check runAsNonRoot without looking the name up: 1000 is the
# image's `node` user.
USER 1000:1000
EXPOSE 8080
# /healthz answers 200 while the process lives; the port is server.port (default 8080).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CI_SCALER_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js", "serve", "-c", "/config/ci-scaler.yml"]
