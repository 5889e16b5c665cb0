/** The person's theme choice, kept in this browser; "system" follows the operating system's setting. */
export type ThemeChoice = "light" | "dark" | "system";

export const THEME_KEY = "parley:theme";

/**
 * Puts the theme on <html data-theme>. Self-contained (no imports, no outer names), because it also runs as
 * the inline script that sets the theme before the first paint, so a dark page never flashes white.
 */
function applyStoredTheme(key: string) {
  try {
    const choice = localStorage.getItem(key);
    const dark = choice === "dark" || (choice !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.dataset.theme = dark ? "dark" : "light";
  } catch {
    document.documentElement.dataset.theme = "light";
  }
}

export const themeScript = `(${applyStoredTheme.toString()})(${JSON.stringify(THEME_KEY)})`;

export function readThemeChoice(): ThemeChoice {
  try {
    const choice = localStorage.getItem(THEME_KEY);
    return choice === "light" || choice === "dark" ? choice : "system";
  } catch {
    return "system";
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyStoredTheme(THEME_KEY);
}

/** Re-applies the theme when the system's setting changes (it matters while the choice is "system"). */
export function followSystemTheme(): () => void {
  const query = matchMedia("(prefers-color-scheme: dark)");
  const update = () => applyStoredTheme(THEME_KEY);
  query.addEventListener("change", update);
  return () => query.removeEventListener("change", update);
}
