# syntax=docker/dockerfile:1
# Parley: build the standalone server, then run it as a non-root user; migrations are applied at start.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS run
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 AUTH_TRUST_HOST=true
WORKDIR /app
RUN groupadd --system parley && useradd --system --gid parley --home /app parley
COPY --from=build --chown=parley:parley /app/.next/standalone ./
COPY --from=build --chown=parley:parley /app/.next/static ./.next/static
COPY --from=build --chown=parley:parley /app/public ./public
# The migration runner (Prisma's WASM schema engine) and its inputs.
COPY --from=build --chown=parley:parley /app/prisma ./prisma
COPY --from=build --chown=parley:parley /app/scripts/lib ./scripts/lib
COPY --from=build --chown=parley:parley /app/scripts/migrate.ts ./scripts/migrate.ts
# Streams and sends served from node:http beside Next (lib/server/node-server).
COPY --from=build --chown=parley:parley /app/scripts/node-server.cjs ./scripts/node-server.cjs
COPY --from=build --chown=parley:parley /app/node_modules ./node_modules
USER parley
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["sh", "-c", "node_modules/.bin/tsx scripts/migrate.ts --deploy && exec node --require ./scripts/node-server.cjs server.js"]
