import { bareEvents } from "@/scripts/bench/bare-route";

export const dynamic = "force-dynamic";

export const GET = async (req: Request, { params }: { params: Promise<{ roomId: string }> }) =>
  bareEvents(req, (await params).roomId);
