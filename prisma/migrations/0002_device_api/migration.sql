-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "enrolledByKeyId" UUID,
ADD COLUMN     "tokenHash" TEXT;

-- CreateTable
CREATE TABLE "CheckIn" (
    "deviceId" UUID NOT NULL,
    "checkInId" UUID NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "inventoryChanged" BOOLEAN NOT NULL,
    "complianceChanged" BOOLEAN NOT NULL,
    "triggers" "ReportTrigger"[],

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("deviceId","checkInId")
);

-- CreateIndex
CREATE INDEX "CheckIn_deviceId_receivedAt_idx" ON "CheckIn"("deviceId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Device_tokenHash_key" ON "Device"("tokenHash");

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
