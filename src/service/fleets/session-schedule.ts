// A session's schedule, reference columns and live count, shared by the sessions' handlers, their
// seed and the family's check of DisassociateFleet.
import { stateAt, type ScheduledState } from '../../core/schedule.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { sessionTable } from './table.js';

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

/** How many sessions matching `where` (reference columns) are live (PENDING or ACTIVE) at `nowMs`. */
export async function liveSessionsOf(db: SqlDb, part: Partition, nowMs: number, where: Record<string, string>): Promise<number> {
  let live = 0;
  for await (const s of sessionTable.each(db, part, nowMs, { where })) if (stateAt(s.schedule, nowMs).state !== 'EXPIRED') live++;
  return live;
}
