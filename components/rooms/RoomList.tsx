"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { Button } from "@/components/ui/Button";
import { api, fetcher } from "@/lib/client/api";
import { followOnPage } from "@/lib/client/page-stream";
import { plainText } from "@/lib/client/plain-text";

type RoomSummary = {
  id: string;
  name: string;
  direct: boolean;
  unread: number;
  mentions: number;
  muted: boolean;
  lastActivityAt: string;
  lastMessage: { body: string; senderName: string; createdAt: string } | null;
};

/**
 * Calls `onActivity` (at most every 300 ms) when a message arrives in any of the person's rooms, through the
 * page's one stream; rooms joined meanwhile are picked up by the list's refresh.
 */
function useInboxActivity(onActivity: () => void): boolean {
  const callback = useRef(onActivity);
  callback.current = onActivity;
  const [live, setLive] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = followOnPage(
      { activity: true },
      {
        ready: () => setLive(true),
        activity: () => {
          timer ??= setTimeout(() => {
            timer = undefined;
            callback.current();
          }, 300);
        },
      },
      { onDrop: () => setLive(false) },
    );
    return () => {
      clearTimeout(timer);
      follow.close();
    };
  }, []);
  return live;
}

/**
 * The person's rooms with their unread counts, live. Beside an open room (`currentRoomId`, marked) the list is
 * compact: names and counts, no message previews.
 */
export function RoomLinks({ currentRoomId }: { currentRoomId?: string }) {
  const compact = currentRoomId !== undefined;
  const { data, error, isLoading, mutate } = useSWR<{ rooms: RoomSummary[] }>("/api/rooms", fetcher, {
    refreshInterval: 30_000,
  });
  const live = useInboxActivity(() => void mutate());
  // A room this page shows but the list does not know yet (just created, or joined by an invite): re-read.
  const missing = Boolean(currentRoomId && data && !data.rooms.some((r) => r.id === currentRoomId));
  useEffect(() => {
    if (missing) void mutate();
  }, [missing, mutate]);
  const direct = data?.rooms.filter((room) => room.direct) ?? [];
  const item = (room: RoomSummary) => {
    const current = room.id === currentRoomId;
    // News: unread messages in a room that is not muted, or a mention of you anywhere.
    const news = !current && ((room.unread > 0 && !room.muted) || room.mentions > 0);
    return (
      <li key={room.id}>
        <Link
          href={`/rooms/${room.id}`}
          aria-current={current ? "page" : undefined}
          className={`flex items-center gap-3 px-4 ${compact ? "py-2 text-sm" : "py-3"} hover:bg-slate-50 focus:bg-slate-50 focus:outline-none ${
            current ? "border-l-4 border-brand-500 bg-brand-50 pl-3" : ""
          }`}
        >
          <div className="min-w-0 flex-1">
            <p
              className={`truncate ${news ? "font-bold text-slate-900" : "font-normal"}`}
              data-news={news || undefined}
            >
              <bdi>{room.name}</bdi>
              {room.muted && (
                <span className="ml-1 text-xs font-normal text-slate-500" data-testid="muted">
                  (muted)
                </span>
              )}
            </p>
            {!compact && (
              <p className="truncate text-sm text-slate-500">
                {room.lastMessage ? (
                  <>
                    <bdi>{room.lastMessage.senderName}</bdi>: <bdi>{plainText(room.lastMessage.body)}</bdi>
                  </>
                ) : (
                  "No messages yet"
                )}
              </p>
            )}
          </div>
          {room.mentions > 0 && !current && (
            <span
              data-testid="mention-badge"
              className="rounded-full bg-amber-200 px-2 py-0.5 text-xs font-bold text-amber-900"
              title="mentions of you"
            >
              @{room.mentions}
              <span className="sr-only"> {room.mentions === 1 ? "mention" : "mentions"} of you,</span>
            </span>
          )}
          {room.unread > 0 && !current && (
            <span
              data-testid="unread-badge"
              className={`rounded-full px-2 py-0.5 text-xs font-semibold ${room.muted ? "bg-slate-200 text-slate-700" : "bg-brand-600 text-white"}`}
              title="unread"
            >
              {room.unread}
              <span className="sr-only"> unread</span>
            </span>
          )}
        </Link>
      </li>
    );
  };
  return (
    <>
      {isLoading && <p className="text-sm text-slate-500">Loading rooms…</p>}
      {error && <p className="text-sm text-red-600">Could not load your rooms. Retrying…</p>}
      {data && data.rooms.length === 0 && (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
          You are in no rooms yet. Create one above, or open an invite link someone sent you.
        </p>
      )}
      <ul
        className="divide-y divide-slate-200 rounded border border-slate-200 bg-white"
        data-testid="room-list"
        data-live={live}
      >
        {data?.rooms.filter((room) => !room.direct).map(item)}
      </ul>
      {direct.length > 0 && (
        <>
          <h2 className="mb-2 mt-4 text-xs font-semibold uppercase text-slate-500">Direct messages</h2>
          <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="dm-list">
            {direct.map(item)}
          </ul>
        </>
      )}
    </>
  );
}

export function RoomList() {
  const router = useRouter();
  const { mutate } = useSWRConfig();
  const [name, setName] = useState("");
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const create = async () => {
    setCreating(true);
    try {
      const { room } = await api<{ room: { id: string } }>("/api/rooms", { body: { name } });
      // The sidebar beside the new room reads the list from the same cache: it must know the room.
      await mutate("/api/rooms");
      router.push(`/rooms/${room.id}`);
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : "Could not create the room");
      setCreating(false);
    }
  };

  return (
    <div className="mx-auto w-full max-w-2xl p-4">
      <h1 className="mb-3 text-xl font-semibold">Your rooms</h1>
      <form
        className="mb-6 flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input
          aria-label="New room name"
          placeholder="Name a new room"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setCreateError(null);
          }}
          className="min-w-0 flex-1 rounded border border-slate-300 px-3 py-2 text-sm"
        />
        <Button type="submit" disabled={creating || !name.trim()}>
          Create room
        </Button>
      </form>
      {createError && <p className="-mt-4 mb-4 text-sm text-red-600">{createError}</p>}
      <RoomLinks />
    </div>
  );
}

/** Beside the open room on wide screens: the rooms to switch to, the open one marked. */
export function RoomsSidebar({ currentRoomId }: { currentRoomId: string }) {
  return (
    <aside
      aria-label="Your rooms"
      data-testid="rooms-sidebar"
      className="hidden w-64 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50 p-3 lg:block"
    >
      <h2 className="mb-2 flex items-center justify-between text-xs font-semibold uppercase text-slate-500">
        Rooms
        <Link href="/rooms" className="normal-case text-brand-700 hover:underline">
          New room
        </Link>
      </h2>
      <RoomLinks currentRoomId={currentRoomId} />
    </aside>
  );
}
