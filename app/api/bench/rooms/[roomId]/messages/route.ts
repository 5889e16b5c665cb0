import { bareSend } from "@/scripts/bench/bare-route";

export const dynamic = "force-dynamic";

export const POST = async (req: Request, { params }: { params: Promise<{ roomId: string }> }) =>
  bareSend(req, (await params).roomId);
