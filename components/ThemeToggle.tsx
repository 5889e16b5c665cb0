"use client";

import { useEffect, useState } from "react";
import { followSystemTheme, readThemeChoice, saveThemeChoice, type ThemeChoice } from "@/lib/client/theme";

/** Light, dark or the system's setting; remembered in this browser. */
export function ThemeToggle() {
  // The server cannot know the stored choice: render "system" first, then what is stored.
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => {
    setChoice(readThemeChoice());
    return followSystemTheme();
  }, []);
  return (
    <select
      aria-label="Theme"
      data-testid="theme-toggle"
      value={choice}
      onChange={(e) => {
        const next = e.target.value as ThemeChoice;
        setChoice(next);
        saveThemeChoice(next);
      }}
      className="rounded border border-slate-300 bg-white px-1 py-1 text-sm text-slate-700"
    >
      <option value="system">System</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
