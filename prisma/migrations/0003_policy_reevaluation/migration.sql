-- CreateEnum
CREATE TYPE "ReevaluationState" AS ENUM ('RUNNING', 'COMPLETED');

-- CreateTable
CREATE TABLE "PolicyReevaluation" (
    "id" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "policyName" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "platforms" "Platform"[],
    "state" "ReevaluationState" NOT NULL DEFAULT 'RUNNING',
    "requestedBy" TEXT,
    "traceId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "cursor" UUID,
    "total" INTEGER NOT NULL DEFAULT 0,
    "evaluated" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "retired" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PolicyReevaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyReevaluation_state_createdAt_idx" ON "PolicyReevaluation"("state", "createdAt");

-- CreateIndex
CREATE INDEX "PolicyReevaluation_policyId_createdAt_idx" ON "PolicyReevaluation"("policyId", "createdAt");
