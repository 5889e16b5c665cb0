import { roomStream } from "@/lib/streams/routes";

export const dynamic = "force-dynamic";

export const GET = roomStream;
