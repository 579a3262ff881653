# One image for the API, the worker, the migrations and the mail catcher (see docker-compose.yml), in the
# production shape: compiled JavaScript (npm run build), the workflow code bundled at build time, no
# TypeScript compiler at run time, development dependencies pruned. Node 24, the version the scripts and CI run on.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# KAFLOW_NODE=system: the image's Node 24 runs the build scripts (scripts/lib.sh would fetch its own copy otherwise).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false KAFLOW_NODE=system
# All sources first: npm workspaces need every workspace's package.json to install.
COPY . .
RUN npm ci && npm run build && (if [ -f apps/web/package.json ]; then npm run build:web --if-present; fi) \
 && npm prune --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 KAFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
