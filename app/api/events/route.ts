import { pageStream } from "@/lib/streams/routes";

export const dynamic = "force-dynamic";
// Serverless platforms end a function here; the stream ends itself first (SSE_MAX_SECONDS) and is resumed.
export const maxDuration = 300;

export const GET = pageStream;
