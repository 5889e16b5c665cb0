"use client";

import { Time } from "@/components/ui/Time";
import { useCallback, useRef, useState } from "react";
import useSWR from "swr";
import { Markdown } from "@/components/chat/Markdown";
import { Button } from "@/components/ui/Button";
import { RatingIcon } from "@/components/ui/icons";
import { api, fetcher } from "@/lib/client/api";

type Detail = {
  feedback: {
    id: string;
    rating: "up" | "down" | null;
    comment: string | null;
    reviewed: boolean;
    reviewedAt: string | null;
    adminNote: string | null;
    user: { name: string };
    agent: { name: string };
    createdAt: string;
  };
  room: { id: string; name: string; metadata: Record<string, unknown> };
  conversation: { seq: number; kind: string; sender: { name: string; kind: string }; body: string; createdAt: string; rated: boolean }[];
};

/** One rated message in its conversation, with the room's metadata, "mark reviewed" and a note. */
export function FeedbackReview({ id }: { id: string }) {
  const { data, mutate, error } = useSWR<Detail>(`/api/admin/feedback/${id}`, fetcher);
  const [note, setNote] = useState<string | null>(null);
  // The rated reply is what the admin came for: bring it into view (once, when the conversation appears).
  const scrolled = useRef(false);
  const scrollToRated = useCallback((item: HTMLLIElement | null) => {
    if (!item || scrolled.current) return;
    scrolled.current = true;
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
  }, []);
  if (error) return <p className="text-sm text-red-600">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  const { feedback, room, conversation } = data;

  const review = async (reviewed: boolean) => {
    await api(`/api/admin/feedback/${id}`, { method: "PATCH", body: { reviewed, note: note ?? feedback.adminNote ?? undefined } });
    await mutate();
  };

  return (
    <div className="grid gap-4 md:grid-cols-3">
      <section className="md:col-span-2">
        <h1 className="flex items-center gap-2 text-lg font-semibold">
          <RatingIcon rating={feedback.rating} /> {feedback.user.name} on {feedback.agent.name} in “{room.name}”
        </h1>
        {feedback.comment && <p className="my-2 rounded bg-amber-50 p-2 text-sm">“{feedback.comment}”</p>}
        <ol className="space-y-2 rounded border border-slate-200 bg-white p-3" data-testid="conversation">
          {conversation.map((m) => (
            <li
              key={m.seq}
              ref={m.rated ? scrollToRated : undefined}
              tabIndex={m.rated ? -1 : undefined}
              aria-label={m.rated ? `Rated reply, #${m.seq}` : undefined}
              className={m.rated ? "scroll-mt-24 rounded bg-amber-50 p-1 ring-2 ring-amber-400 focus:outline-none" : ""}
              data-rated={m.rated || undefined}
            >
              <p className="text-xs text-slate-500">
                #{m.seq} {m.sender.name}
                {m.sender.kind === "agent" && " (agent)"} · <Time iso={m.createdAt} />
              </p>
              <Markdown>{m.body}</Markdown>
            </li>
          ))}
        </ol>
      </section>
      <aside className="space-y-3">
        <div className="rounded border border-slate-200 bg-white p-3 text-sm">
          <p className="mb-1 font-medium">Review</p>
          <p data-testid="review-state" className="text-xs text-slate-600">
            {feedback.reviewed ? `Reviewed ${new Date(feedback.reviewedAt as string).toLocaleString()}` : "Not reviewed yet"}
          </p>
          <textarea
            aria-label="Admin note"
            value={note ?? feedback.adminNote ?? ""}
            onChange={(e) => setNote(e.target.value)}
            rows={3}
            className="mt-2 w-full rounded border border-slate-300 p-1 text-sm"
          />
          <div className="mt-2 flex gap-2">
            {feedback.reviewed ? (
              <Button variant="secondary" onClick={() => review(false)}>
                Mark unreviewed
              </Button>
            ) : (
              <Button onClick={() => review(true)}>Mark reviewed</Button>
            )}
          </div>
        </div>
        <div className="rounded border border-slate-200 bg-white p-3 text-sm">
          <p className="mb-1 font-medium">Room metadata</p>
          <pre className="overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify(room.metadata, null, 2)}</pre>
        </div>
      </aside>
    </div>
  );
}
