-- DropIndex
DROP INDEX "Report_weeklyRunId_idx";

-- DropIndex
DROP INDEX "Report_traceId_idx";

-- CreateTable
CREATE TABLE "ReportingEngine" (
    "owner" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportingEngine_pkey" PRIMARY KEY ("owner")
);

-- CreateIndex
CREATE INDEX "ReportingEngine_seenAt_idx" ON "ReportingEngine"("seenAt");

-- CreateIndex
CREATE INDEX "Report_weeklyRunId_state_idx" ON "Report"("weeklyRunId", "state");

-- CreateIndex
CREATE INDEX "Report_traceId_state_idx" ON "Report"("traceId", "state");
