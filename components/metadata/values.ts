import type { JsonValue } from "@/lib/platform/schemas";

/** A value as a person reads and types it: strings bare, everything else as JSON. */
export const showValue = (value: JsonValue) => (typeof value === "string" ? value : JSON.stringify(value));

/** What a person types: JSON when it parses (42, true, {"a":1}), else the text itself. */
export function parseValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

export const sameValue = (a: JsonValue | undefined, b: JsonValue | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);
