import type { KeyboardEvent } from "react";

/** What can take the focus inside a message: taken out of the Tab order unless the message is the current one. */
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * The list is one stop in the Tab order, so its messages' buttons never stand between the page and the
 * composer: Tab lands on the current message (the latest at first), the arrow keys move between messages,
 * and Tab from a message goes through its own actions, code blocks and links (tabbable only while the focus
 * is in the list), then on to the composer.
 * Screen readers still reach every control by their own navigation.
 */
export function rovingTabOrder(list: HTMLElement, focusInside: boolean) {
  for (const item of list.querySelectorAll<HTMLElement>(":scope > li[data-testid='message']")) {
    if (focusInside && item.tabIndex === 0) {
      for (const el of item.querySelectorAll<HTMLElement>("[data-roving-tabindex]")) {
        const original = el.dataset.rovingTabindex;
        if (original) el.setAttribute("tabindex", original);
        else el.removeAttribute("tabindex");
        delete el.dataset.rovingTabindex;
      }
    } else {
      for (const el of item.querySelectorAll<HTMLElement>(FOCUSABLE)) {
        if (el.dataset.rovingTabindex !== undefined) continue; // taken out already: keep its own value
        el.dataset.rovingTabindex = el.getAttribute("tabindex") ?? "";
        el.tabIndex = -1;
      }
    }
  }
}

export function moveFocus(e: KeyboardEvent<HTMLOListElement>) {
  const item = e.target as HTMLElement;
  if (item.dataset.testid !== "message") return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(":scope > li[data-testid='message']")];
  const index = items.indexOf(item);
  const target: Record<string, HTMLElement | undefined> = {
    ArrowUp: items[index - 1],
    ArrowDown: items[index + 1],
    Home: items[0],
    End: items[items.length - 1],
  };
  const next = target[e.key];
  if (!next) return;
  e.preventDefault();
  next.focus();
}
