// Imported first by benchmark scripts: their own progress goes to stderr; the product's info
// logs would drown it (set LOG_LEVEL to see them).
process.env.LOG_LEVEL ??= "warn";
