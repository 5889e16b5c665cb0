/**
 * An object with its keys in alphabetical order, so metadata reads the same on every screen (PostgreSQL's
 * jsonb keeps its own order: shorter keys first).
 */
export function sortedKeys<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
