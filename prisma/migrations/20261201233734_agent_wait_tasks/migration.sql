-- CreateEnum
CREATE TYPE "WaitTaskStatus" AS ENUM ('WORKING', 'COMPLETED', 'CANCELLED');

-- CreateTable
CREATE TABLE "AgentWaitTask" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "roomId" TEXT,
    "generations" JSONB NOT NULL,
    "status" "WaitTaskStatus" NOT NULL DEFAULT 'WORKING',
    "result" JSONB,
    "statusMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentWaitTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentWaitTask_agentId_status_idx" ON "AgentWaitTask"("agentId", "status");

-- AddForeignKey
ALTER TABLE "AgentWaitTask" ADD CONSTRAINT "AgentWaitTask_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
