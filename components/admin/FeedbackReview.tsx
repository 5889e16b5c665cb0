"use client";

import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import useSWR from "swr";
import { Markdown } from "@/components/chat/Markdown";
import { Button } from "@/components/ui/Button";
import { RatingIcon } from "@/components/ui/icons";
import { Time } from "@/components/ui/Time";
import { api, fetcher } from "@/lib/client/api";
import { sortedKeys } from "@/lib/client/sorted-keys";

type Detail = {
  feedback: {
    id: string;
    rating: "up" | "down" | null;
    comment: string | null;
    reviewed: boolean;
    reviewedAt: string | null;
    reviewedBy: string | null;
    adminNote: string | null;
    user: { name: string };
    agent: { name: string };
    createdAt: string;
  };
  room: { id: string; name: string; metadata: Record<string, unknown> };
  conversation: {
    seq: number;
    kind: string;
    sender: { name: string; kind: string };
    body: string;
    createdAt: string;
    rated: boolean;
  }[];
  neighbors: { previous: string | null; next: string | null };
};

/**
 * One rated message in its conversation, with the room's metadata, "mark reviewed" and a note, and the
 * previous and next items of the list it was opened from (`filter`: that list's query).
 */
export function FeedbackReview({ id, filter = "" }: { id: string; filter?: string }) {
  const { data, mutate, error } = useSWR<Detail>(`/api/admin/feedback/${id}${filter ? `?${filter}` : ""}`, fetcher);
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
  const { feedback, room, conversation, neighbors } = data;
  // A link to the neighbouring item, in the same list (its filters kept); greyed out at either end.
  const step = (other: string | null, label: string) =>
    other ? (
      <Link href={`/admin/feedback/${other}${filter ? `?${filter}` : ""}`} className="text-brand-600 hover:underline">
        {label}
      </Link>
    ) : (
      <span className="text-slate-500">{label}</span>
    );

  const review = async (reviewed: boolean) => {
    await api(`/api/admin/feedback/${id}`, {
      method: "PATCH",
      body: { reviewed, note: note ?? feedback.adminNote ?? undefined },
    });
    await mutate();
  };

  return (
    <div className="grid gap-4 md:grid-cols-3">
      <section className="md:col-span-2">
        <nav aria-label="Feedback items" className="mb-2 flex gap-3 text-sm">
          {step(neighbors.previous, "← Previous")}
          {step(neighbors.next, "Next →")}
        </nav>
        <h1 className="flex flex-wrap items-center gap-x-2 text-lg font-semibold">
          <RatingIcon rating={feedback.rating} /> <bdi>{feedback.user.name}</bdi> on <bdi>{feedback.agent.name}</bdi> in
          “<bdi>{room.name}</bdi>”
        </h1>
        {feedback.comment && (
          <p className="my-2 rounded bg-amber-50 p-2 text-sm">
            “<bdi>{feedback.comment}</bdi>”
          </p>
        )}
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
                #{m.seq} <bdi>{m.sender.name}</bdi>
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
            {feedback.reviewed ? (
              <>
                Reviewed by <bdi>{feedback.reviewedBy ?? "an admin no longer here"}</bdi>,{" "}
                <Time iso={feedback.reviewedAt as string} />
              </>
            ) : (
              "Not reviewed yet"
            )}
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
          <pre className="overflow-x-auto whitespace-pre-wrap text-xs">
            {JSON.stringify(sortedKeys(room.metadata), null, 2)}
          </pre>
        </div>
      </aside>
    </div>
  );
}
