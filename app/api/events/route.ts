import { pageStream } from "@/lib/streams/routes";

export const dynamic = "force-dynamic";

export const GET = pageStream;
