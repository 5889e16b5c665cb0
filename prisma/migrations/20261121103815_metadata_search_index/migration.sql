-- CreateIndex
CREATE INDEX "Room_metadata_idx" ON "Room" USING GIN ("metadata" jsonb_path_ops);
