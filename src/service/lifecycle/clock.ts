// The emulated clock: wall time plus an offset kept in the store, so every instance that
// shares the store reads the same time, and moving it (control API) moves it for all.
import type { SqlDb } from '../../store/sql-db.js';
import { CLOCK_OFFSET_KEY as OFFSET_KEY, clockOffset, setMeta, type ClockReading } from '../../store/meta-repo.js';

export interface Clock {
  /** Emulated now, epoch milliseconds. */
  now(): Promise<number>;
  /**
   * Emulated now to be resolved by the read that needs it (store/meta-repo.ts ClockReading): a
   * keys page resolves it with its keys and answers the time it used (ResourceRepo.pageKeys).
   */
  reading(): ClockReading;
  /** Moves the emulated clock forward; answers the new emulated now. */
  advance(seconds: number): Promise<number>;
  /**
   * Sets the emulated now to `epochMs` (null: back to real time). The emulated clock never runs
   * behind real time: a time before it becomes real time. Answers the new emulated now.
   */
  setTime(epochMs: number | null): Promise<number>;
  /**
   * Emulated now, read through `handle` (a transaction). Writers read the time after taking
   * their partition lock, so a transition never lands before one that committed first.
   */
  nowIn(handle: SqlDb): Promise<number>;
}

export function createClock(db: SqlDb, wallClock: () => number = Date.now): Clock {
  return {
    async now() {
      return wallClock() + (await clockOffset(db));
    },
    async nowIn(handle) {
      return wallClock() + (await clockOffset(handle));
    },
    reading() {
      return { wallMs: wallClock() };
    },
    async advance(seconds) {
      return db.transaction(async (tx) => {
        // Serialize advances: two concurrent read-then-write advances must not lose one.
        await tx.lockPartition('clock', 'offset');
        const next = (await clockOffset(tx)) + Math.round(seconds * 1000);
        await setMeta(tx, OFFSET_KEY, String(next));
        return wallClock() + next;
      });
    },
    async setTime(epochMs) {
      return db.transaction(async (tx) => {
        await tx.lockPartition('clock', 'offset');
        const wall = wallClock();
        const next = epochMs === null ? 0 : Math.max(0, Math.round(epochMs) - wall);
        await setMeta(tx, OFFSET_KEY, String(next));
        return wall + next;
      });
    },
  };
}
