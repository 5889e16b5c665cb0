import { bareCreateRoom } from "@/lib/bare-route";

export const dynamic = "force-dynamic";

export const POST = () => bareCreateRoom();
