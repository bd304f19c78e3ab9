// Writes a new migration from the difference between the schema of the last migration
// and prisma/schema.prisma:  npm run db:migration -- <name>
// Each migration folder keeps the schema it was made from (schema.prisma), which is
// the "from" side of the next diff; the CLI's migrate commands are not used (offline).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lowercase letters, digits, _)");
  process.exit(2);
}
const dir = path.join("prisma", "migrations");
fs.mkdirSync(dir, { recursive: true });
const existing = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "migration.sql"))).sort();
const last = existing.at(-1);
const from = last ? ["--from-schema-datamodel", path.join(dir, last, "schema.prisma")] : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
)
  .replace(/^Loaded Prisma config.*\n/m, "")
  .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, "")
  .trim();
if (sql === "" || sql === "-- This is an empty migration.") {
  console.log("The schema has not changed since the last migration: nothing written.");
  process.exit(0);
}
const number = String(existing.length + 1).padStart(4, "0");
const target = path.join(dir, `${number}_${name}`);
fs.mkdirSync(target);
fs.writeFileSync(path.join(target, "migration.sql"), `${sql}\n`);
fs.copyFileSync("prisma/schema.prisma", path.join(target, "schema.prisma"));
console.log(`Wrote ${target}/migration.sql`);
