import { pageStream } from "@/lib/stream-routes";

export const dynamic = "force-dynamic";

export const GET = pageStream;
