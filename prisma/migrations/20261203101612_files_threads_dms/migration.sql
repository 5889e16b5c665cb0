/*
  Warnings:

  - A unique constraint covering the columns `[directKey]` on the table `Room` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "alsoToRoom" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "threadLastReplyAt" TIMESTAMP(3),
ADD COLUMN     "threadLastReplySeq" INTEGER,
ADD COLUMN     "threadRepliers" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "threadReplyCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "threadRootSeq" INTEGER;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "removedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PurgeRun" ADD COLUMN     "attachments" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "direct" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "directKey" TEXT;

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "uploaderId" TEXT NOT NULL,
    "userId" TEXT,
    "messageId" TEXT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "storageKey" TEXT NOT NULL,
    "thumbnail" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThreadMarker" (
    "participantId" TEXT NOT NULL,
    "rootSeq" INTEGER NOT NULL,
    "lastReadSeq" INTEGER NOT NULL,

    CONSTRAINT "ThreadMarker_pkey" PRIMARY KEY ("participantId","rootSeq")
);

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_storageKey_key" ON "Attachment"("storageKey");

-- CreateIndex
CREATE INDEX "Attachment_messageId_idx" ON "Attachment"("messageId");

-- CreateIndex
CREATE INDEX "Attachment_userId_idx" ON "Attachment"("userId");

-- CreateIndex
CREATE INDEX "Attachment_createdAt_idx" ON "Attachment"("createdAt");

-- CreateIndex
CREATE INDEX "Message_roomId_threadRootSeq_seq_idx" ON "Message"("roomId", "threadRootSeq", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Room_directKey_key" ON "Room"("directKey");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreadMarker" ADD CONSTRAINT "ThreadMarker_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Search finds messages by their files' names (lib/rooms/search.ts uses this same expression). Written by
-- hand: Prisma cannot express an index on an expression.
CREATE INDEX "Attachment_name_search_idx" ON "Attachment"
  USING GIN (to_tsvector('simple', regexp_replace("name", '[^[:alnum:]]+', ' ', 'g')));
