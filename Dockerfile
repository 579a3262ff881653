# One image for the API, the worker and the migrations (see docker-compose.yml), in the production shape:
# compiled JavaScript (npm run build), the workflow code bundled at build time, no TypeScript compiler at
# run time, development dependencies pruned. Node 24, the version the scripts and CI run on.
# The stage `mail` is the compose stack's mail catcher.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# KAFLOW_NODE=system: the image's Node 24 runs the build scripts (scripts/lib.sh would fetch its own copy otherwise).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false KAFLOW_NODE=system
# All sources first: npm workspaces need every workspace's package.json to install.
COPY . .
RUN npm ci && npm run build && (if [ -f apps/web/package.json ]; then npm run build:web --if-present; fi)

# Development only: maildev (a development dependency) from the full install, for docker-compose's `mail`.
FROM build AS mail
USER node
EXPOSE 1025 1080
CMD ["node", "node_modules/maildev/dist/bin/maildev.js", "--smtp", "1025", "--web", "1080", "--ip", "0.0.0.0", "--web-ip", "0.0.0.0"]

# What production runs keeps only the production dependencies (tests/e2e/production-build.e2e-spec.ts
# prunes a copy the same way and runs the compiled API and worker from it).
FROM build AS prune
RUN npm prune --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 KAFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY --from=prune --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
