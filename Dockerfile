# One image for the API, the worker, the migrations and the mail catcher (see docker-compose.yml).
# TypeScript runs as in development, through @swc-node/register; no build step.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# All sources first: npm workspaces need every workspace's package.json to install.
COPY . .
RUN npm ci && npm cache clean --force

USER node
ENV PORT=3000
EXPOSE 3000
CMD ["node", "-r", "@swc-node/register", "apps/api/src/main.ts"]
