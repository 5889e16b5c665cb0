-- CreateEnum
CREATE TYPE "ReplyRule" AS ENUM ('ALL', 'MENTIONS');

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "offlineAt" TIMESTAMP(3),
ADD COLUMN     "replyRule" "ReplyRule" NOT NULL DEFAULT 'ALL',
ADD COLUMN     "waitGeneration" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "waitRequestId" TEXT;
