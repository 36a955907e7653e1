// States as data: a resource keeps its schedule, the states it entered and will enter, each
// with the emulated time it does so. Reads compute the state at "now"; nothing runs timers.

export interface ScheduledState {
  state: string;
  atMs: number;
}

/** Kept bounded: a builder started and stopped forever keeps only its recent history. */
const MAX_ENTRIES = 100;

/** The state at `nowMs`: the last entry at or before it (the first entry if none is). */
export function stateAt(schedule: readonly ScheduledState[], nowMs: number): ScheduledState {
  let current = schedule[0]!;
  for (const entry of schedule) {
    if (entry.atMs <= nowMs) current = entry;
    else break;
  }
  return current;
}

/** True when every entry has been reached: no transition is in progress. */
export function isSettled(schedule: readonly ScheduledState[], nowMs: number): boolean {
  return schedule[schedule.length - 1]!.atMs <= nowMs;
}

/**
 * Appends a run of transitions starting now: `states[0]` at now, each next one `stepMs` later.
 * e.g. appendTransitions(s, now, 5000, 'STOPPING', 'STOPPED').
 */
export function appendTransitions(
  schedule: readonly ScheduledState[],
  nowMs: number,
  stepMs: number,
  ...states: string[]
): ScheduledState[] {
  const next = schedule.filter((e) => e.atMs <= nowMs);
  states.forEach((state, i) => next.push({ state, atMs: nowMs + i * stepMs }));
  return next.length > MAX_ENTRIES ? next.slice(next.length - MAX_ENTRIES) : next;
}

/** A new resource's schedule: `states[0]` now, then each next one `stepMs` later. */
export function newSchedule(nowMs: number, stepMs: number, ...states: string[]): ScheduledState[] {
  return appendTransitions([], nowMs, stepMs, ...states);
}
