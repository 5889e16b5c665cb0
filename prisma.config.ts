import { defineConfig } from "prisma/config";

// DATABASE_URL is read lazily: `prisma generate` must work in a clean checkout without one.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
