/** Reads until `done` holds for the value read (polling every 100 ms), then returns that value. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last read: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
