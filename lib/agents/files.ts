import "server-only";
import { type AgentSeat, type AuthenticatedAgent, requireAgentSeat } from "@/lib/agents/agents";
import { AGENT_FILES_MAX_BYTES, type AttachmentResult } from "@/lib/agents/schemas";
import { AppError } from "@/lib/platform/errors";
import { isRasterImage, isText } from "@/lib/rooms/attachment-types";
import { attachmentForSeat, attachmentRoom, readAttachment, storeAttachment } from "@/lib/rooms/attachments";
import { shrinkImage } from "@/lib/rooms/images";

/** Files as agents see them: read inline (get_attachment) and sent inline (send_message's attachments). */

// Models take images of a few MB; larger ones are sent smaller, with their longest edge at most this.
const MODEL_IMAGE_MAX_BYTES = 3.75 * 1024 * 1024;
const MODEL_IMAGE_EDGE = 1568;
const MODEL_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const TEXT_MAX_CHARS = 100_000;

/** get_attachment: a file of a room the agent is in (404 otherwise), its content in a form a model reads. */
export async function readAttachmentForAgent(
  agent: AuthenticatedAgent,
  attachmentId: string,
): Promise<AttachmentResult> {
  const roomId = await attachmentRoom(attachmentId);
  if (!roomId) throw new AppError("not_found", "File not found");
  const seat = await requireAgentSeat(agent, roomId).catch(() => {
    throw new AppError("not_found", "File not found");
  });
  return readAttachmentForSeat(seat, attachmentId);
}

/** A file of the seat's room, for an agent whose seat is already known (404 when it is not the room's). */
export async function readAttachmentForSeat(seat: AgentSeat, attachmentId: string): Promise<AttachmentResult> {
  const row = await attachmentForSeat({ attachmentId, roomId: seat.roomId, participantId: seat.participantId });
  const attachment = { id: row.id, name: row.name, type: row.type, size: row.size };
  if (isRasterImage(row.type)) {
    const bytes = await readAttachment(row);
    if (bytes.byteLength <= MODEL_IMAGE_MAX_BYTES && MODEL_IMAGE_TYPES.has(row.type)) {
      return {
        attachment,
        content: { kind: "image", mime_type: row.type, data: bytes.toString("base64"), resized: false },
      };
    }
    const small = await shrinkImage(bytes, MODEL_IMAGE_EDGE);
    return {
      attachment,
      content: { kind: "image", mime_type: small.type, data: small.data.toString("base64"), resized: true },
    };
  }
  if (isText(row.type)) {
    const text = (await readAttachment(row)).toString("utf8");
    return {
      attachment,
      content: { kind: "text", text: text.slice(0, TEXT_MAX_CHARS), truncated: text.length > TEXT_MAX_CHARS },
    };
  }
  return {
    attachment,
    content: {
      kind: "file",
      note: `A ${row.type} file of ${row.size.toLocaleString("en")} bytes: only images and text files can be read here.`,
    },
  };
}

/** Stores the files an agent sends with a message (they count against its owner's quota); returns their ids. */
export async function storeAgentFiles({
  agent,
  roomId,
  participantId,
  files,
}: {
  agent: AuthenticatedAgent;
  roomId: string;
  participantId: string;
  files: { name: string; data: string }[];
}): Promise<string[]> {
  const decoded = files.map((f) => ({ name: f.name, bytes: Buffer.from(f.data, "base64") }));
  if (decoded.reduce((sum, f) => sum + f.bytes.byteLength, 0) > AGENT_FILES_MAX_BYTES) {
    throw new AppError("payload_too_large", "Files sent with one message are at most 2.5 MB together");
  }
  const ids: string[] = [];
  for (const file of decoded) {
    const stored = await storeAttachment({
      roomId,
      uploaderId: participantId,
      userId: agent.ownerId,
      name: file.name,
      bytes: file.bytes,
    });
    ids.push(stored.id);
  }
  return ids;
}
