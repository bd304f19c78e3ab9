import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite resolves its WASM and data
  // files relative to its own package (bundled, it fails with "path ... instance of URL"),
  // and the Prisma client loads its query compiler the same way.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "pg",
    "pino",
    "@azure/msal-node",
    "node-forge",
  ],
  poweredByHeader: false,
  // forbidden() in lib/auth/guard.ts answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
};

export default nextConfig;
