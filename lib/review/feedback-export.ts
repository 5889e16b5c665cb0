import "server-only";
import type { FeedbackFilter } from "@/lib/platform/schemas";
import { type FeedbackRow, iterateFeedback } from "@/lib/review/feedback";

const COLUMNS: [string, (f: FeedbackRow) => string | number | boolean | null][] = [
  ["id", (f) => f.id],
  ["created_at", (f) => f.createdAt],
  ["rating", (f) => f.rating],
  ["comment", (f) => f.comment],
  ["reviewed", (f) => f.reviewed],
  ["admin_note", (f) => f.adminNote],
  ["agent_id", (f) => f.agent.id],
  ["agent_name", (f) => f.agent.name],
  ["room_id", (f) => f.room.id],
  ["room_name", (f) => f.room.name],
  ["user_name", (f) => f.user.name],
  ["message_seq", (f) => f.message.seq],
  ["message_redacted", (f) => f.message.redacted],
  ["message_body", (f) => f.message.body],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text that
 * a spreadsheet would run as a formula (= + - @) gets a leading apostrophe.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The filtered feedback as a stream, a page at a time: memory stays flat however many rows match. */
export function exportFeedback(filter: FeedbackFilter, format: "csv" | "json"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = iterateFeedback(filter);
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await rows.next();
      if (first) {
        controller.enqueue(encoder.encode(format === "csv" ? `${COLUMNS.map(([name]) => name).join(",")}\r\n` : "[\n"));
      }
      if (done) {
        if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      const line =
        format === "csv" ? `${COLUMNS.map(([, get]) => csvField(get(value))).join(",")}\r\n` : `${first ? "" : ",\n"}${JSON.stringify(value)}`;
      first = false;
      controller.enqueue(encoder.encode(line));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
