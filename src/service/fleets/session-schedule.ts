// A session's schedule and reference columns, shared by the sessions' handlers and their seed.
import type { ScheduledState } from '../../core/schedule.js';

/** The schedule with the session ending at `endMs` (any later end dropped), and when its row goes. */
export function endingAt(schedule: readonly ScheduledState[], endMs: number, stepMs: number): { schedule: ScheduledState[]; goneMs: number } {
  const kept = schedule.filter((e) => e.state !== 'EXPIRED' && e.atMs < endMs);
  if (kept.length === 0) kept.push(schedule[0]!);
  return { schedule: [...kept, { state: 'EXPIRED', atMs: endMs }], goneMs: endMs + stepMs };
}

/** The reference columns of a session row. */
export function sessionRefs(fleetName: string, stackName: string, userId: string, instanceId: string, authenticationType: string): Record<string, string> {
  return { fleet_name: fleetName, stack_name: stackName, user_id: userId, instance_id: instanceId, authentication_type: authenticationType };
}
