// The Prisma CLI is used only to generate the client and to compute migration SQL
// (`npm run db:migration`). Both run against an in-memory PGlite through the "js" engine,
// so no native schema engine is ever downloaded. The app applies migrations itself
// (lib/db/migrate.ts), on PGlite and on PostgreSQL alike.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPGlite(new PGlite());
  },
});
