import { bareCreateRoom } from "@/scripts/bench/bare-route";

export const dynamic = "force-dynamic";

export const POST = () => bareCreateRoom();
