// Answers of read operations, kept while the store's data version stays the same. Only answers
// that cannot change with time alone are kept (the caller decides: no resource in them is in a
// transition), so a hit is exactly what recomputing would give. Least recently used first out,
// bounded by an estimate of the memory the answers hold (a count alone let a walk of a
// million-image catalogue keep ~300 MB of 25-image pages; a 32 MB estimate still peaked at 230 MB
// of RSS in the bench, so the estimate runs low by about 3x and the budget is 8 MB).
import { fingerprint, RecentKeys } from './recent-keys.js';

interface Entry<T> {
  version: string;
  value: T;
  bytes: number;
}

export class ReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private bytes = 0;
  /** Keys offered and not kept (admitOnSecondOffer). */
  private readonly offered: RecentKeys | undefined;

  /**
   * @param sizeOf an estimate of what one answer holds in memory, encodings included
   * @param maxBytes the budget for all answers together
   * @param admitOnSecondOffer keep an answer only when its key was offered before, at most as
   *   many offers ago as the budget holds answers of its size (recent-keys.ts): a walk through a
   *   catalogue offers each page once, and a second walk offers them again only after the whole
   *   first one; keeping those pages, each dropped a few dozen pages later, made V8 grow its heap
   *   (measured: 1,600 pages of a 1,000,000-image catalogue took the server from 61 to 175 MB of
   *   RSS with every page kept, to 124 MB with none; with boto3's walk of the same pages after
   *   ours, bench/memory.ts, it peaked at 176-185 MB when any second offer among the last 4,096
   *   was kept, 121-130 MB with this rule and the view memo's like it)
   */
  constructor(
    private readonly sizeOf: (value: T) => number,
    private readonly maxBytes = 8 * 1024 * 1024,
    admitOnSecondOffer = false,
  ) {
    this.offered = admitOnSecondOffer ? new RecentKeys(4096) : undefined;
  }

  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.drop(key, entry);
    if (entry.version !== version) return undefined;
    // Back in as the most recently used.
    this.add(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: T): void {
    const bytes = this.sizeOf(value);
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    // Not kept (yet) unless offered again within as many offers as the budget holds answers of this size.
    else if (this.offered && this.offered.sight(fingerprint(key)) > this.maxBytes / bytes) return;
    const entry = { version, value, bytes };
    if (entry.bytes > this.maxBytes) return;
    this.add(key, entry);
    for (const [oldestKey, oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldestKey, oldest);
    }
  }

  /** What the kept answers are estimated to hold. */
  get heldBytes(): number {
    return this.bytes;
  }

  private add(key: string, entry: Entry<T>): void {
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
  }

  private drop(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
