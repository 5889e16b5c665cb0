-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refused" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("name","key")
);

-- Buckets are worth no disk write: a crash forgets them, which only lifts the limits for a moment.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
