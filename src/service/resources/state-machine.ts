// Declarative state machines: a family declares its states and its named transitions (the
// states a resource passes through, one step apart on the emulated clock, and the state a
// failure on purpose ends in). Handlers, seeding, failure injection, the views and the console
// derive what they need from the table: which states are transitional, where each settles.
import { appendTransitions, newSchedule, stateAt, type ScheduledState } from '../../core/schedule.js';

export interface Transition<S extends string> {
  /** States the transition may start from (absent: any; a creation has none). */
  readonly from?: readonly S[];
  /** The states entered, the first at once, each next one a step later. */
  readonly path: readonly [S, ...S[]];
  /** When the transition fails on purpose, its last state is replaced by this one. */
  readonly failTo?: S;
  /** The resource is gone one step after the last state (a deletion that takes time). */
  readonly gone?: boolean;
}

export interface StateMachine<S extends string, T extends string = string> {
  /** The family's states (the model's enum where there is one). */
  readonly states: readonly S[];
  readonly transitions: { readonly [K in T]: Transition<S> };
}

/** Declares a machine (typed: transitions may name only its states). */
export function stateMachine<S extends string, T extends string>(machine: StateMachine<S, T>): StateMachine<S, T> {
  for (const [name, t] of Object.entries(machine.transitions) as [string, Transition<S>][]) {
    for (const s of [...t.path, ...(t.from ?? []), ...(t.failTo ? [t.failTo] : [])]) {
      if (!machine.states.includes(s)) throw new Error(`state machine: transition ${name} names unknown state ${s}`);
    }
  }
  return machine;
}

/** States that settle by time: passed through without ending a transition, or followed by "gone". */
export function transitionalStates<S extends string>(machine: StateMachine<S>): Set<S> {
  const out = new Set<S>();
  const list = Object.values(machine.transitions) as Transition<S>[];
  for (const t of list) t.path.slice(0, t.gone ? t.path.length : -1).forEach((s) => out.add(s));
  // A state that ends some transition (for good) is a resting state.
  for (const t of list) if (!t.gone) out.delete(t.path[t.path.length - 1]!);
  return out;
}

/** Whether a resource in `state` disappears by time (the last state of a deletion). */
export function endsGone<S extends string>(machine: StateMachine<S>, state: S): boolean {
  return (Object.values(machine.transitions) as Transition<S>[]).some((t) => t.gone && t.path[t.path.length - 1] === state);
}

/** Where a transitional state settles: the state after it on the first path that passes it. */
export function settlesTo<S extends string>(machine: StateMachine<S>, state: S): S | undefined {
  for (const t of Object.values(machine.transitions) as Transition<S>[]) {
    const i = t.path.indexOf(state);
    if (i >= 0 && i < t.path.length - 1) return t.path[i + 1];
  }
  return undefined;
}

function pathOf<S extends string>(t: Transition<S>, fail: boolean): S[] {
  const path = [...t.path];
  if (fail && t.failTo) path[path.length - 1] = t.failTo;
  return path;
}

/** How long until a resource on transition `name` is gone (ms after it starts), or null. */
export function goneAfter<S extends string, T extends string>(machine: StateMachine<S, T>, name: T, stepMs: number): number | null {
  const t = machine.transitions[name];
  return t.gone ? t.path.length * stepMs : null;
}

/** A new resource's schedule for a creating transition. */
export function begin<S extends string, T extends string>(machine: StateMachine<S, T>, name: T, nowMs: number, stepMs: number, fail = false): ScheduledState[] {
  return newSchedule(nowMs, stepMs, ...pathOf(machine.transitions[name], fail));
}

/** The schedule after starting transition `name` now (appended to the history). */
export function advance<S extends string, T extends string>(
  machine: StateMachine<S, T>,
  name: T,
  schedule: readonly ScheduledState[],
  nowMs: number,
  stepMs: number,
  fail = false,
): ScheduledState[] {
  return appendTransitions(schedule, nowMs, stepMs, ...pathOf(machine.transitions[name], fail));
}

/** Whether transition `name` may start from the state at `nowMs`. */
export function canStart<S extends string, T extends string>(machine: StateMachine<S, T>, name: T, schedule: readonly ScheduledState[], nowMs: number): boolean {
  const from = machine.transitions[name].from;
  return !from || from.includes(stateAt(schedule, nowMs).state as S);
}

/**
 * A seeded resource's schedule: `state` now, settling through its paths a step at a time; and
 * when it ends gone (a seeded DELETING), the time it is gone.
 */
export function seededSchedule<S extends string>(machine: StateMachine<S>, state: S, nowMs: number, stepMs: number): { schedule: ScheduledState[]; goneMs: number | null } {
  const states: S[] = [state];
  const transitional = transitionalStates(machine);
  let s: S | undefined = state;
  while (s !== undefined && transitional.has(s) && states.length < machine.states.length) {
    s = settlesTo(machine, s);
    if (s !== undefined) states.push(s);
  }
  const last = states[states.length - 1]!;
  return { schedule: newSchedule(nowMs, stepMs, ...states), goneMs: endsGone(machine, last) ? nowMs + states.length * stepMs : null };
}
