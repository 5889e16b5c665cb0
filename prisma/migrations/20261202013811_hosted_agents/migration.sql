-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "draft" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stopRequested" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "HostedAgent" (
    "agentId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "systemPrompt" TEXT NOT NULL,
    "sealedApiKey" TEXT,
    "dailyTokenBudget" INTEGER,
    "replyRule" "ReplyRule" NOT NULL DEFAULT 'MENTIONS',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HostedAgent_pkey" PRIMARY KEY ("agentId")
);

-- AddForeignKey
ALTER TABLE "HostedAgent" ADD CONSTRAINT "HostedAgent_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
