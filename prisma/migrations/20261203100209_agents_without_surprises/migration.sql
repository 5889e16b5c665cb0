-- AlterTable
ALTER TABLE "HostedAgent" ADD COLUMN     "failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pauseReason" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "cacheReadTokens" INTEGER,
ADD COLUMN     "cacheWriteTokens" INTEGER,
ADD COLUMN     "notice" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "regeneratesSeq" INTEGER;

-- CreateTable
CREATE TABLE "AgentRedo" (
    "participantId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "replySeq" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentRedo_pkey" PRIMARY KEY ("participantId","seq")
);

-- AddForeignKey
ALTER TABLE "AgentRedo" ADD CONSTRAINT "AgentRedo_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
