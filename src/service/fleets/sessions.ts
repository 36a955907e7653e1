// Streaming sessions (SPEC-rest §4.2, §4.3): opened on a RUNNING fleet through a stack, PENDING
// then ACTIVE a step later; they end (EXPIRED) at MaxExpirationTime, DisconnectTimeoutInSeconds
// after a disconnect, on ExpireSession or StopFleet, and are listed one step more. All of it is
// the session's stored schedule read at the emulated now: no timers.
import { randomUUID } from 'node:crypto';
import { fleetNotAssociated, fleetNotRunningText, resourceKindNotFound } from '../../errors/messages.js';
import type { Session } from '../../generated/shapes.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { stateAt } from '../../core/schedule.js';
import { endingAt, sessionRefs } from './session-schedule.js';
import { recordStreamingDays } from './streaming-days.js';
import { begin } from '../resources/state-machine.js';
import { isAssociated, stackTable } from '../stacks/family.js';
import { SESSION_STATES } from './states.js';
import { fleetTable, sessionTable, type SessionDoc } from './table.js';
import { FLEET_DEFAULTS } from './fleet-rules.js';
import {
  capacityStatus,
  eniOf,
  fleetSessions,
  fleetState,
  instanceIdFrom,
  instanceUse,
  runningInstances,
  sessionLive,
  type FleetRecord,
  type SessionRecord,
} from './fleet-view.js';

/** Why a session cannot be opened: the control API turns these into its errors. */
export class SessionRefusal extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-associated' | 'not-running' | 'no-capacity',
    message: string,
  ) {
    super(message);
  }
}

/** The session a caller sees; `fleet` (when it still exists) tells drain status. */
export function viewSession(record: SessionRecord, nowMs: number, fleet?: FleetRecord): Session {
  const d = record.doc;
  const state = stateAt(record.schedule, nowMs).state as Session['State'];
  const session: Session = {
    Id: record.name,
    UserId: d.UserId,
    StackName: d.StackName,
    FleetName: d.FleetName,
    State: state,
    ConnectionState: state === 'ACTIVE' && d.DisconnectedAtMs === undefined ? 'CONNECTED' : 'NOT_CONNECTED',
    StartTime: new Date(record.createdMs),
    MaxExpirationTime: new Date(d.MaxExpirationMs),
    AuthenticationType: d.AuthenticationType,
    NetworkAccessConfiguration: d.NetworkAccessConfiguration,
    InstanceId: d.InstanceId,
    // DECISION (§4.2): only sessions of multi-session fleets show their instance's drain status.
    InstanceDrainStatus: fleet?.doc.MaxSessionsPerInstance ? ((fleet.doc.DrainingInstances ?? []).includes(d.InstanceId) ? 'DRAINING' : 'ACTIVE') : undefined,
  };
  for (const key of Object.keys(session) as (keyof Session)[]) if (session[key] === undefined) delete session[key];
  return session;
}


/**
 * Makes a live session end at `endMs` (now or later) and writes it. A session already ended
 * by then keeps its end. Inside the caller's write.
 */
export async function endSession(tx: SqlDb, session: SessionRecord, nowMs: number, endMs: number, stepMs: number): Promise<void> {
  if (!sessionLive(session, nowMs)) return;
  const current = session.schedule.find((e) => e.state === 'EXPIRED');
  if (current && current.atMs <= endMs) return;
  Object.assign(session, endingAt(session.schedule, Math.max(nowMs, endMs), stepMs));
  await sessionTable.update(tx, session);
  await recordStreamingDays(tx, session, nowMs);
}

export interface OpenRequest {
  stackName: string;
  fleetName: string;
  userId: string;
  authenticationType: SessionDoc['AuthenticationType'];
}

/**
 * Opens a session for a user on a stack's fleet (the control API, after a streaming URL was
 * verified, or directly for USERPOOL / SAML users). The user's live session on that fleet and
 * stack is reused (reconnected), as AWS does within the disconnect timeout [Md]; otherwise a
 * new one takes free capacity. Throws SessionRefusal. Inside the caller's write.
 */
export async function openSession(tx: SqlDb, part: Partition, nowMs: number, stepMs: number, request: OpenRequest): Promise<SessionRecord> {
  const fleet = await fleetTable.get(tx, part, request.fleetName, nowMs);
  // The texts of CreateStreamingURL's checks (SPEC-rest §4.1): opening its URL checks the same.
  if (!fleet) throw new SessionRefusal('not-found', resourceKindNotFound('fleet', request.fleetName).message);
  if (!(await stackTable.get(tx, part, request.stackName, nowMs))) throw new SessionRefusal('not-found', resourceKindNotFound('stack', request.stackName).message);
  if (!(await isAssociated(tx, part, request.stackName, request.fleetName, nowMs))) {
    throw new SessionRefusal('not-associated', fleetNotAssociated(request.fleetName, request.stackName).message);
  }
  const state = fleetState(fleet, nowMs);
  if (state !== 'RUNNING') throw new SessionRefusal('not-running', fleetNotRunningText(fleet.name, state));
  const sessions = await fleetSessions(tx, part, nowMs, fleet.name);
  const mine = sessions.find(
    (s) => sessionLive(s, nowMs) && s.doc.UserId === request.userId && s.doc.StackName === request.stackName && s.doc.AuthenticationType === request.authenticationType,
  );
  if (mine) {
    await reconnectSession(tx, mine, fleet, nowMs, stepMs);
    return mine;
  }
  const id = randomUUID();
  const instanceId = placeSession(fleet, sessions, nowMs, id);
  if (instanceId === undefined) throw new SessionRefusal('no-capacity', `The fleet ${fleet.name} has no streaming capacity available for another session.`);
  const maxDuration = fleet.doc.MaxUserDurationInSeconds ?? FLEET_DEFAULTS.MaxUserDurationInSeconds;
  const maxExpirationMs = nowMs + maxDuration * 1000;
  const opened = begin(SESSION_STATES, 'open', nowMs, stepMs);
  const record: SessionRecord = {
    accountId: part.accountId,
    region: part.region,
    name: id,
    createdMs: nowMs,
    ...endingAt(opened, Math.max(maxExpirationMs, opened[opened.length - 1]!.atMs), stepMs),
    doc: {
      UserId: request.userId,
      StackName: request.stackName,
      FleetName: fleet.name,
      AuthenticationType: request.authenticationType,
      InstanceId: instanceId,
      MaxExpirationMs: maxExpirationMs,
      ...(fleet.doc.VpcConfig ? { NetworkAccessConfiguration: eniOf(instanceId) } : {}),
    },
    refs: sessionRefs(request.fleetName, request.stackName, request.userId, instanceId, request.authenticationType),
  };
  await sessionTable.insert(tx, record, nowMs);
  await recordStreamingDays(tx, record, nowMs);
  return record;
}


/**
 * The instance a new session goes to, or undefined when the fleet is full (SPEC-rest §4.3:
 * Available > 0). Single-session and Elastic fleets give each session an instance of its own;
 * a multi-session fleet fills its non-draining instances first, then starts using another
 * running one.
 */
function placeSession(fleet: FleetRecord, sessions: readonly SessionRecord[], nowMs: number, sessionId: string): string | undefined {
  const max = fleet.doc.MaxSessionsPerInstance;
  const own = instanceIdFrom(fleet.accountId, fleet.region, fleet.name, sessionId);
  if (!max || fleet.doc.FleetType === 'ELASTIC') return (capacityStatus(fleet, nowMs, sessions).Available ?? 0) > 0 ? own : undefined;
  const { perInstance, draining } = instanceUse(fleet, sessions, nowMs);
  const open = [...perInstance].filter(([id, n]) => n < max && !draining.has(id)).map(([id]) => id).sort();
  if (open.length > 0) return open[0];
  return perInstance.size < runningInstances(fleet, nowMs) ? own : undefined;
}

/** The user left: the session ends DisconnectTimeoutInSeconds later unless they come back (§4.2). */
export async function disconnectSession(tx: SqlDb, session: SessionRecord, fleet: FleetRecord | undefined, nowMs: number, stepMs: number): Promise<void> {
  if (!sessionLive(session, nowMs) || session.doc.DisconnectedAtMs !== undefined) return;
  session.doc.DisconnectedAtMs = nowMs;
  const timeout = (fleet?.doc.DisconnectTimeoutInSeconds ?? FLEET_DEFAULTS.DisconnectTimeoutInSeconds) * 1000;
  Object.assign(session, endingAt(session.schedule, Math.max(nowMs, Math.min(session.doc.MaxExpirationMs, nowMs + timeout)), stepMs));
  await sessionTable.update(tx, session);
  await recordStreamingDays(tx, session, nowMs);
}

/** The user is back before the disconnect timeout: the session runs to MaxExpirationTime again. */
export async function reconnectSession(tx: SqlDb, session: SessionRecord, fleet: FleetRecord | undefined, nowMs: number, stepMs: number): Promise<void> {
  if (!sessionLive(session, nowMs) || session.doc.DisconnectedAtMs === undefined || !fleet) return;
  delete session.doc.DisconnectedAtMs;
  Object.assign(session, endingAt(session.schedule, Math.max(nowMs, session.doc.MaxExpirationMs), stepMs));
  await sessionTable.update(tx, session);
  await recordStreamingDays(tx, session, nowMs);
}
