import "server-only";
import { z } from "zod";
import { memberRoute, readJson, readQuery } from "@/lib/http/routes";
import { AppError } from "@/lib/platform/errors";
import { markReadSchema, threadQuerySchema } from "@/lib/platform/schemas";
import { listThread, markThreadRead, threadsOf } from "@/lib/rooms/threads";

/** A room's threads: GET …/threads (the ones you took part in), GET …/threads/:rootSeq, POST …/threads/:rootSeq/read. */

type Params = { roomId: string; rootSeq: string };

function rootSeqOf(params: Params): number {
  const parsed = z.coerce.number().int().positive().safeParse(params.rootSeq);
  if (!parsed.success) throw new AppError("not_found", "Thread not found");
  return parsed.data;
}

export const yourThreads = memberRoute<{ roomId: string }>(async ({ membership }) => ({
  threads: await threadsOf({ roomId: membership.roomId, participantId: membership.participant.id }),
}));

export const threadMessages = memberRoute<Params>(async ({ req, params, membership }) => {
  const { after, limit } = readQuery(req, threadQuerySchema);
  return listThread({ roomId: membership.roomId, rootSeq: rootSeqOf(params), after, limit });
});

export const readThread = memberRoute<Params>(async ({ req, params, membership }) => {
  const { seq } = await readJson(req, markReadSchema);
  await markThreadRead({ participantId: membership.participant.id, rootSeq: rootSeqOf(params), seq });
  return new Response(null, { status: 204 });
});
