// Views of stored resources, kept per row version: a Describe page reads its keys and row
// versions from a covering index (the store stays the truth on every request), reuses the view
// built the last time a row had this version and was in the same scheduled state, and reads
// only the rows it has no view of (measured: see the commit that added row versions). A view is shared
// (core/shared-values.ts), so the protocols also keep its encodings and splice answers from
// them: a row that did not change costs a comparison instead of JSON.parse, building the view
// and encoding it.
//
// Correct because a family's view is a pure function of the row and the schedule entry in
// force (its time enters only through stateAt): equal rows in the same state give equal views.
// Every write sets a new random version (store/resource-repo.ts), the triggers that keep a
// family's maintained columns too, so a write by any instance sharing the store is seen at once.
// Bounded by an estimate of the memory held (one budget for every family), least recently
// used out (second chance). A row's view is kept from its second read on, when that comes soon
// after the first (within as many reads as the budget holds views of its size: service/recent-keys.ts):
// a walk through a catalogue reads each row once, and keeping (and encoding apart) views that
// are never read again cost more than it saved (measured: 0.63 -> 1.0 ms of server CPU per page
// walking 100,000 images, most of it garbage collection of the kept views); a second walk reads
// them again only after the whole first one.
import { shareValue } from '../../core/shared-values.js';
import type { ScheduledState } from '../../core/schedule.js';
import type { ClockReading } from '../../store/meta-repo.js';
import type { PageQuery, Partition, ResourceRecord, ResourceRepo } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { fingerprint, RecentKeys } from '../recent-keys.js';

interface Entry {
  /** Where the entry is filed: its partition's map (partitions[homeKey]), under `key`. */
  readonly home: Map<string, Entry>;
  readonly homeKey: string;
  readonly key: string;
  /** The version of the row the view was built from (ResourceRepo.rowVersion). */
  readonly version: number;
  readonly schedule: readonly ScheduledState[];
  /** The schedule entry in force when the view was built. */
  readonly state: number;
  readonly view: object;
  readonly bytes: number;
  /** Read since it last came up for eviction. */
  used: boolean;
}

/**
 * What the kept views may hold, estimated: a row's text about 6 times over (the row, its view's
 * strings and objects, two encodings). 16 MB is ~2,500 resources of ~1 KB.
 */
const BUDGET_BYTES = 16 * 1024 * 1024;
/**
 * Kept entries by family, kind of caller and partition, then by the row's identity (its name,
 * or parent and name): a page looks its partition up once and then each row by the name the
 * store answered, with no key to build per row (measured: 10 -> 5 us per 26 rows).
 */
const partitions = new Map<string, Map<string, Entry>>();
/** Every kept entry, oldest first (the eviction order). */
const order = new Set<Entry>();
let held = 0;
/**
 * Rows read and not kept: their last sightings, by fingerprint of the partition, the read's first
 * row and the row. With the first row in it, a page's look-ahead row (read to know whether more
 * follow) is not taken as read twice when the next page of a walk starts with it: it is kept only
 * when a read like the first comes back (measured: a walk of 4,000 pages filled the budget with
 * those rows and peaked 20-30 MB higher than keeping none).
 */
const seen = new RecentKeys(8192);
/** The first key of the read sighted last (each read's keys are new arrays) and its fingerprint. */
let seenFirst: readonly unknown[] | undefined;
let seenReadPrint = 0;

/** Index of the entry stateAt() answers: the last one at or before `nowMs`, else the first. */
function stateIndex(schedule: readonly ScheduledState[], nowMs: number): number {
  let at = 0;
  for (let i = 1; i < schedule.length; i++) {
    if (schedule[i]!.atMs <= nowMs) at = i;
    else break;
  }
  return at;
}

function estimatedBytes(row: readonly unknown[]): number {
  let text = 0;
  for (const value of row) text += typeof value === 'string' ? value.length : 8;
  return 512 + 6 * text;
}

function drop(entry: Entry): void {
  order.delete(entry);
  held -= entry.bytes;
  if (entry.home.get(entry.key) === entry) entry.home.delete(entry.key);
  if (entry.home.size === 0 && partitions.get(entry.homeKey) === entry.home) partitions.delete(entry.homeKey);
}

function evict(): void {
  while (held > BUDGET_BYTES) {
    const oldest = order.values().next().value as Entry | undefined;
    if (!oldest) return;
    if (oldest.used) {
      // Read since it last came up: once more to the back of the line.
      oldest.used = false;
      order.delete(oldest);
      order.add(oldest);
    } else {
      drop(oldest);
    }
  }
}

/**
 * The views of one family's rows as one kind of caller sees them. `build` must be a pure function
 * of the record and the schedule entry in force at `nowMs` (the family's view function); the
 * records it gets carry no reference columns (`refs` is empty: the doc holds the wire members).
 * Views it answers are shared when kept: deep-frozen, never to be changed by the caller.
 */
export class ViewMemo<Doc, View extends object> {
  private readonly prefix: string;

  /**
   * @param repo the family's repository
   * @param variant names the kind of caller when a family has several views of one row ('' if one)
   * @param build the family's view of a record at `nowMs`
   * @param settled whether build's view of the record stays the same for as long as the row and
   *   its schedule entry in force do (default: always); a view that moves with time within one
   *   state (a fleet's instances starting one by one) is built on every read and never kept
   */
  constructor(
    private readonly repo: ResourceRepo<Doc>,
    variant: string,
    private readonly build: (record: ResourceRecord<Doc>, nowMs: number) => View,
    private readonly settled?: (record: ResourceRecord<Doc>, nowMs: number) => boolean,
  ) {
    this.prefix = `${repo.table}\0${variant}\0`;
  }

  /**
   * One keyset page of the repository (ResourceRepo.pageKeys), viewed at `at`: the emulated
   * now, or a ClockReading (Clock.reading()), which pageKeys resolves with the keys (on SQLite
   * from the clock offset of the read snapshot, on PostgreSQL in the page's statement). Answers
   * the views and the now they were read at (see pageKeys for when it is undefined).
   */
  async page(db: SqlDb, part: Partition, at: number | ClockReading, query: PageQuery): Promise<{ views: View[]; nowMs: number | undefined }> {
    const { rows, nowMs } = await this.repo.pageKeys(db, part, at, query);
    return { views: await this.viewKeys(db, part, rows, nowMs!), nowMs };
  }

  /**
   * The views at `nowMs` of the resources whose keys the repository's keysStatement read (its
   * now column removed), in their order: kept views where the version and state match, the
   * others from their rows, read in one statement (ResourceRepo.rowsOf). A resource gone
   * between the two reads is left out.
   */
  async viewKeys(db: SqlDb, part: Partition, keys: readonly (readonly unknown[])[], nowMs: number): Promise<View[]> {
    const views: View[] = new Array(keys.length);
    if (keys.length === 0) return views;
    const partKey = `${this.prefix}${part.accountId}\0${part.region}`;
    const home = partitions.get(partKey);
    let missed: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const kept = home?.get(this.repo.rowIdentity(keys[i]!));
      if (kept && this.repo.hasVersion(keys[i]!, kept.version) && stateIndex(kept.schedule, nowMs) === kept.state) {
        kept.used = true;
        views[i] = kept.view as View;
      } else {
        (missed ??= []).push(i);
      }
    }
    if (!missed) return views;
    const rows = await this.repo.rowsOf(db, part, missed.map((i) => keys[i]!), nowMs);
    const byIdentity = new Map<string, unknown[]>();
    for (const row of rows) byIdentity.set(this.repo.rowIdentity(row), row);
    // Looked up again: other requests may have dropped the partition's map meanwhile.
    let filed = partitions.get(partKey);
    if (!filed) partitions.set(partKey, (filed = new Map()));
    let gone = false;
    for (const i of missed) {
      const row = byIdentity.get(this.repo.rowIdentity(keys[i]!));
      if (row) views[i] = this.view(part, filed, partKey, row, nowMs, keys[0]!);
      else gone = true;
    }
    // Filed (again) if it holds entries: evictions during the page may have dropped it.
    if (filed.size > 0) partitions.set(partKey, filed);
    else if (partitions.get(partKey) === filed) partitions.delete(partKey);
    return gone ? views.filter((v) => v !== undefined) : views;
  }

  /**
   * The view of one row of `repo.rowsOf` (shared when it is kept); `home` holds its partition's
   * entries, `first` is the first key of the same read.
   */
  private view(part: Partition, home: Map<string, Entry>, partKey: string, row: readonly unknown[], nowMs: number, first: readonly unknown[]): View {
    const key = this.repo.rowIdentity(row);
    const kept = home.get(key);
    const record = this.repo.recordOf(part, row);
    if (this.settled && !this.settled(record, nowMs)) {
      if (kept) drop(kept);
      return this.build(record, nowMs);
    }
    const bytes = estimatedBytes(row);
    if (!kept) {
      if (first !== seenFirst) {
        seenFirst = first;
        seenReadPrint = fingerprint(`${partKey}\0${this.repo.rowIdentity(first)}\0`);
      }
      // Viewed, not kept, unless read so before within as many row reads as the budget holds views of its size.
      if (seen.sight(fingerprint(key, seenReadPrint)) > BUDGET_BYTES / bytes) return this.build(record, nowMs);
    }
    const schedule = record.schedule;
    const view = shareValue(this.build(record, nowMs));
    const entry: Entry = {
      home,
      homeKey: partKey,
      key,
      version: this.repo.rowVersion(row),
      schedule,
      state: stateIndex(schedule, nowMs),
      view,
      bytes,
      used: false,
    };
    if (kept) drop(kept);
    home.set(key, entry);
    order.add(entry);
    held += entry.bytes;
    evict();
    return view;
  }
}

/** What the kept views hold (estimated bytes) and how many there are: for tests and diagnostics. */
export function viewMemoStats(): { entries: number; heldBytes: number; budgetBytes: number } {
  return { entries: order.size, heldBytes: held, budgetBytes: BUDGET_BYTES };
}
