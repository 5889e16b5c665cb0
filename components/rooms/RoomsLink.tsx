"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { followOnPage } from "@/lib/client/page-stream";

/**
 * The header's link to the rooms list, with a dot when a message arrives in one of the person's other
 * rooms. It follows that activity on the page's one stream, beside whatever else the page follows.
 */
export function RoomsLink() {
  const pathname = usePathname();
  const [unseen, setUnseen] = useState(false);

  useEffect(() => {
    const current = pathname.match(/^\/rooms\/([^/]+)/)?.[1];
    if (pathname === "/rooms") setUnseen(false);
    const follow = followOnPage(
      { activity: true },
      {
        activity(e) {
          const { roomId, muted, mentionsYou } = JSON.parse(e.data) as {
            roomId: string;
            muted?: boolean;
            mentionsYou?: boolean;
          };
          // A muted room is news only when it mentions you.
          if (roomId !== current && pathname !== "/rooms" && (!muted || mentionsYou)) setUnseen(true);
        },
      },
    );
    return () => follow.close();
  }, [pathname]);

  return (
    <Link href="/rooms" className="relative text-sm text-slate-600 hover:text-slate-900">
      Rooms
      {unseen && (
        <span data-testid="rooms-activity" className="absolute -right-2 -top-0.5 h-2 w-2 rounded-full bg-brand-600">
          <span className="sr-only"> (new messages)</span>
        </span>
      )}
    </Link>
  );
}
