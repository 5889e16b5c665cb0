"use client";

import { useEffect, useRef, useState } from "react";
import { Bell } from "@/components/ui/icons";
import type { MessageView } from "@/lib/platform/schemas";

const STORAGE_KEY = "parley:notify-mentions";

/**
 * Opt-in browser notifications for messages that mention you while this tab is hidden. The choice is kept
 * in localStorage (per browser, like the permission itself); the browser's permission is asked only when
 * the person turns it on, never on page load.
 */
export function useMentionNotifications() {
  const [enabled, setEnabled] = useState(false);
  const [supported, setSupported] = useState(false);
  // The browser refuses notifications to this site: say so, and how to change it, instead of doing nothing.
  const [blocked, setBlocked] = useState(false);
  const enabledRef = useRef(false);
  enabledRef.current = enabled;

  useEffect(() => {
    const available = "Notification" in window;
    setSupported(available);
    setEnabled(available && Notification.permission === "granted" && localStorage.getItem(STORAGE_KEY) === "on");
  }, []);

  const toggle = async () => {
    if (enabled) {
      localStorage.removeItem(STORAGE_KEY);
      setEnabled(false);
      return;
    }
    const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    setBlocked(permission === "denied");
    if (permission !== "granted") return;
    localStorage.setItem(STORAGE_KEY, "on");
    setEnabled(true);
  };

  /** Shows a notification when the message mentions `selfId`, the tab is hidden and the person opted in. */
  const notify = (message: MessageView, selfId: string, roomName: string) => {
    if (!enabledRef.current || document.visibilityState !== "hidden" || !message.mentions.includes(selfId)) return;
    const notification = new Notification(`${message.sender.name} mentioned you in ${roomName}`, {
      body: message.body.slice(0, 200),
      tag: message.id, // the same message arriving twice (replay) shows once
    });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  };

  return { enabled, supported, blocked, toggle, notify };
}

export function MentionNotificationToggle({
  enabled,
  supported,
  blocked,
  toggle,
}: Pick<ReturnType<typeof useMentionNotifications>, "enabled" | "supported" | "blocked" | "toggle">) {
  if (!supported) return null;
  return (
    <span className="flex flex-col">
      <button
        type="button"
        aria-pressed={enabled}
        onClick={() => void toggle()}
        title="Notify me when someone mentions me while this tab is in the background"
        className={`rounded px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
          enabled ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"
        }`}
      >
        <span className="flex items-center gap-1">
          <Bell off={!enabled} />
          Mention alerts
        </span>
      </button>
      {blocked && (
        <span role="status" data-testid="mention-alerts-blocked" className="max-w-56 px-3 text-xs text-amber-800">
          Your browser blocks notifications from this site: allow them in the site settings (the icon left of the
          address), then try again.
        </span>
      )}
    </span>
  );
}
