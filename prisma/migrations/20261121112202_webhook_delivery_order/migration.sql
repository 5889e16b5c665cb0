-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "position" BIGSERIAL NOT NULL,
ADD COLUMN     "requeuedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookDelivery_webhookId_roomId_position_idx" ON "WebhookDelivery"("webhookId", "roomId", "position");
