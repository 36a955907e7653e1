// The UTC days on which a partition's sessions streamed (SPEC-rest §9.1): what
// DescribeUsageReportSubscriptions' LastGeneratedReportDate is derived from. A session's row is
// purged a step after it ends, so each session also writes one row per UTC day of its streaming
// time here, rewritten whenever its schedule changes (opened, ended, disconnected, reconnected,
// seeded). Rows hold the planned days too (a live session's end is in its schedule); a reader
// only counts days that ended before its now, so the rows answer for any position of the clock.
import type { SqlDb } from '../../store/sql-db.js';
import { ResourceRepo, type Partition } from '../../store/resource-repo.js';
import { STREAMING_DAYS } from '../../store/tables.js';
import type { SessionRecord } from './fleet-view.js';

export const DAY_MS = 86_400_000;

/** A row: the part of one session's streaming time that fell on one UTC day (epoch ms). */
export interface StreamingDayDoc {
  SessionId: string;
  /** The day's midnight (UTC). */
  DayMs: number;
  FromMs: number;
  ToMs: number;
}

export const streamingDayTable = new ResourceRepo<StreamingDayDoc>(STREAMING_DAYS);

/**
 * Days are named newest first (the name order is the page order): 99999999 minus the day's
 * number since 1970, eight digits (year 9999 is day 2,932,896), then ':' and the session id.
 */
const NEWEST_FIRST = 99_999_999;

function dayKey(dayMs: number): string {
  return String(NEWEST_FIRST - Math.floor(dayMs / DAY_MS)).padStart(8, '0');
}

/**
 * DECISION (SPEC-rest §9.1): streaming happened while a session was ACTIVE: from its ACTIVE
 * entry to its end (EXPIRED). A session that ends while still PENDING streamed nothing. Any
 * authentication type counts.
 */
export function streamingTime(session: SessionRecord): { fromMs: number; toMs: number } | undefined {
  const active = session.schedule.find((e) => e.state === 'ACTIVE');
  const end = session.schedule.find((e) => e.state === 'EXPIRED');
  if (!active || !end || end.atMs <= active.atMs) return undefined;
  return { fromMs: active.atMs, toMs: end.atMs };
}

/**
 * Writes the session's streaming days anew (inside the write that changed its schedule): one
 * row per UTC day its ACTIVE time touches (MaxUserDurationInSeconds is at most 5 days: at most
 * 6 rows), none for a session that never became ACTIVE.
 */
export async function recordStreamingDays(tx: SqlDb, session: SessionRecord, nowMs: number): Promise<void> {
  await streamingDayTable.removeWhere(tx, session, { column: 'session_id', value: session.name });
  const time = streamingTime(session);
  if (!time) return;
  for (let day = Math.floor(time.fromMs / DAY_MS) * DAY_MS; day < time.toMs; day += DAY_MS) {
    const fromMs = Math.max(time.fromMs, day);
    const toMs = Math.min(time.toMs, day + DAY_MS);
    await streamingDayTable.insert(
      tx,
      {
        accountId: session.accountId,
        region: session.region,
        name: `${dayKey(day)}:${session.name}`,
        createdMs: fromMs,
        schedule: [],
        goneMs: null,
        doc: { SessionId: session.name, DayMs: day, FromMs: fromMs, ToMs: toMs },
        refs: { session_id: session.name },
      },
      nowMs,
    );
  }
}

/**
 * The latest UTC midnight at or before `nowMs` that ended a day on which a session of `part`
 * streamed, or undefined. Cost: one keyset read of one row from the table's name index (the
 * first name after today's day key is the newest earlier day with any streaming), whatever the
 * number of sessions or days stored.
 */
export async function latestStreamingMidnight(db: SqlDb, part: Partition, nowMs: number): Promise<number | undefined> {
  // ';' sorts after ':', so every row of today (and of later days) is skipped.
  const [row] = await streamingDayTable.page(db, part, nowMs, { after: `${dayKey(nowMs)};`, limit: 1 });
  return row && row.doc.DayMs + DAY_MS;
}
