// Values built once per key and kept, for the few keys a process sees many times (statement
// texts and their shapes, page-token secrets). Bounded without bookkeeping: at `max` entries it
// starts again, which such a small set of keys refills at once.

/** At most `max` values by key; `get` builds a missing one and keeps it. */
export class Kept<V> {
  private readonly values = new Map<string, V>();
  constructor(private readonly max: number) {}

  /** The value kept for `key`, else `build()`'s, kept. */
  get(key: string, build: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = build();
      if (this.values.size >= this.max) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
