// What the caches (read-cache.ts, resources/view-memo.ts) remember of keys they saw and did not
// keep, to decide whether to keep a value the next time: only when its key comes back within as
// many sightings as the cache holds values of its size. A key polled or repeated comes back at
// once; a second walk through a catalogue comes back after the whole first walk, and keeping its
// pages, each pushed out a few dozen pages later, made V8 grow its heap for nothing (bench
// memory: the read cache admitted every page of boto3's walk after ours).
//
// Keys are remembered as 32-bit fingerprints in typed arrays, not as strings in a Map: every
// string kept there outlives a few young-generation collections, is promoted and dies in the old
// generation, thousands per walk (measured with bench/memory.ts, the bench's walks of 1,000,000
// images: peak 121-130 MB, against 123-141 MB with the key strings in Maps; six runs each).

/**
 * FNV-1a over the UTF-16 code units of `text`, continuing from `seed` (a previous fingerprint,
 * to fingerprint a key in parts). A signed 32-bit integer.
 */
export function fingerprint(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * The last sighting of each of up to `slots` fingerprints (direct-mapped: a key whose slot
 * another key took since is forgotten, and a key whose fingerprint equals another's is taken for
 * it; both only change when a value is kept, never what is answered).
 */
export class RecentKeys {
  private readonly prints: Int32Array;
  /** The sighting number (from 1) at which each slot was written; 0 = empty. */
  private readonly seenAt: Float64Array;
  private readonly mask: number;
  private sightings = 0;

  /** @param slots how many fingerprints are remembered, a power of two */
  constructor(readonly slots: number) {
    if (slots <= 0 || (slots & (slots - 1)) !== 0) throw new Error(`RecentKeys: ${slots} slots is not a power of two`);
    this.prints = new Int32Array(slots);
    this.seenAt = new Float64Array(slots);
    this.mask = slots - 1;
  }

  /**
   * Records a sighting of the key fingerprinted `print` and answers how many sightings ago the
   * key was last seen (1: the sighting just before this one), or Infinity if it is not remembered.
   */
  sight(print: number): number {
    const slot = (print ^ (print >>> 15)) & this.mask;
    const last = this.prints[slot] === print ? this.seenAt[slot]! : 0;
    this.prints[slot] = print;
    this.seenAt[slot] = ++this.sightings;
    return last === 0 ? Infinity : this.sightings - last;
  }
}
