-- Trigram matching for the device list's search (ILIKE '%text%'). pg_trgm ships with
-- PostgreSQL (a trusted extension: the database's owner may create it) and with PGlite, which
-- loads it from its npm package (lib/db/client.ts); nothing is downloaded.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Device_list_counts_idx" ON "Device"("platform", "clientStatusCode", "azureState", "verdict", "lifecycle", "azureDeviceId", "azureReportedAt", "enrolledAt");

-- CreateIndex
CREATE INDEX "Device_name_trgm_idx" ON "Device" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_ownerUpn_trgm_idx" ON "Device" USING GIN ("ownerUpn" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_serialNumber_trgm_idx" ON "Device" USING GIN ("serialNumber" gin_trgm_ops);
