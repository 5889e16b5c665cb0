-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "revokedReason" TEXT;

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
