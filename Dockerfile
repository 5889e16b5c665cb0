# Parley's image: the standalone server and the operator commands, nothing else (no dev or build packages).
# Files belong to root and are read-only to the app's user; it runs with `--read-only` plus a tmpfs on /tmp.

FROM node:24-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:ops

FROM node:24-bookworm-slim AS run
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 AUTH_TRUST_HOST=true
WORKDIR /app
# Next's standalone output: server.js and the node_modules it traced (pg and Prisma's runtime among them).
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# Streams and sends served from node:http beside Next (lib/server/node-server); Next does not trace it.
COPY --from=build /app/scripts/node-server.cjs ./scripts/node-server.cjs
# The operator commands (migrate, admin, purge), bundled, with the migrations and Prisma's WASM schema engine.
COPY --from=build /app/dist/ops ./ops
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm
# Attachments: the code is read-only, so files go to /data/files, owned by the server's user. A volume mounted
# there starts from this directory and its owner; STORAGE_URL=s3://… keeps them in object storage instead.
RUN mkdir -p /data/files && chown node:node /data/files
ENV STORAGE_URL=/data/files
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations first (each instance may run them: they take a lock), then the server as PID 1's only child
# (exec), so SIGTERM reaches Parley's own shutdown.
CMD ["sh", "-c", "node ops/migrate.mjs --deploy && exec node --require ./scripts/node-server.cjs server.js"]
