import { roomStream } from "@/lib/stream-routes";

export const dynamic = "force-dynamic";

export const GET = roomStream;
