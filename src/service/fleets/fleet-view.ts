// A stored fleet as a caller sees it: the Fleet shape with its derived members (Arn, State at
// the emulated now, ComputeCapacityStatus from the state, the schedule and the sessions) and
// the defaults real clients read unconditionally (SPEC-rest §1.3).
import { createHash } from 'node:crypto';
import type { ComputeCapacityStatus, Fleet } from '../../generated/shapes.js';
import type { Partition, ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { partitionOf } from '../arns.js';
import { stateAt, type ScheduledState } from '../../core/schedule.js';
import { fleetTable, sessionTable, type FleetDoc, type SessionDoc } from './table.js';
import { desiredInstances, FLEET_DEFAULTS } from './fleet-rules.js';

export type FleetRecord = ResourceRecord<FleetDoc>;
export type SessionRecord = ResourceRecord<SessionDoc>;
export type FleetStateName = Fleet['State'];

/** `arn:<partition>:appstream:<region>:<account>:fleet/<name>` (SPEC-rest §0). */
export function fleetArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:appstream:${region}:${accountId}:fleet/${name}`;
}

export function fleetState(record: FleetRecord, nowMs: number): FleetStateName {
  return stateAt(record.schedule, nowMs).state as FleetStateName;
}

/** The entry in force at `nowMs` and the one after it (when the current state will end). */
function currentStep(schedule: readonly ScheduledState[], nowMs: number): { current: ScheduledState; next?: ScheduledState } {
  const current = stateAt(schedule, nowMs);
  const next = schedule.find((e) => e.atMs > nowMs);
  return { current, next };
}

/** How far `nowMs` is between `from` and `to`, 0..1 (1 when the span is empty). */
function progress(nowMs: number, from: number, to: number): number {
  if (to <= from) return 1;
  return Math.min(1, Math.max(0, (nowMs - from) / (to - from)));
}

/**
 * The fleet's running instances at `nowMs` (SPEC-rest §1.5, DECISION): 0 while STOPPED and
 * while stuck STARTING; 0 -> desired over the STARTING step; desired while RUNNING,
 * converging over one step after a change of capacity; desired -> 0 over the STOPPING step.
 */
export function runningInstances(record: FleetRecord, nowMs: number): number {
  const desired = desiredInstances(record.doc);
  const { current, next } = currentStep(record.schedule, nowMs);
  switch (current.state) {
    case 'STARTING':
      // No later entry that ends it: stuck (FleetErrors), with no instance up.
      return next ? Math.floor(desired * progress(nowMs, current.atMs, next.atMs)) : 0;
    case 'RUNNING': {
      const change = record.doc.CapacityChange;
      if (!change || change.atMs < current.atMs) return desired;
      const p = progress(nowMs, change.atMs, change.untilMs);
      return Math.round(change.from + (desired - change.from) * p);
    }
    case 'STOPPING':
      return Math.ceil(desired * (1 - progress(nowMs, current.atMs, next?.atMs ?? current.atMs)));
    default:
      return 0;
  }
}

/** Whether a session counts against capacity at `nowMs` (PENDING or ACTIVE). */
export function sessionLive(session: SessionRecord, nowMs: number): boolean {
  return stateAt(session.schedule, nowMs).state !== 'EXPIRED';
}

/**
 * The sessions still listed at `nowMs` (live ones and those ended less than a step ago) of
 * each of `fleetNames`, by fleet name, in session-id order: one query per 500 sessions, however
 * many fleets are asked about (an IN filter on the fleet).
 */
export async function sessionsOfFleets(db: SqlDb, part: Partition, nowMs: number, fleetNames: readonly string[]): Promise<Map<string, SessionRecord[]>> {
  const byFleet = new Map<string, SessionRecord[]>();
  if (fleetNames.length === 0) return byFleet;
  for await (const s of sessionTable.each(db, part, nowMs, { whereIn: { fleet_name: fleetNames } })) {
    const list = byFleet.get(s.doc.FleetName);
    if (list) list.push(s);
    else byFleet.set(s.doc.FleetName, [s]);
  }
  return byFleet;
}

/** Every session of a fleet still listed at `nowMs` (live ones and those ended less than a step ago). */
export async function fleetSessions(db: SqlDb, part: Partition, nowMs: number, fleetName: string): Promise<SessionRecord[]> {
  return (await sessionsOfFleets(db, part, nowMs, [fleetName])).get(fleetName) ?? [];
}

/** What the sessions of a multi-session fleet occupy: live sessions per instance, and the draining ones. */
export function instanceUse(record: FleetRecord, sessions: readonly SessionRecord[], nowMs: number) {
  const perInstance = new Map<string, number>();
  for (const s of sessions) if (sessionLive(s, nowMs)) perInstance.set(s.doc.InstanceId, (perInstance.get(s.doc.InstanceId) ?? 0) + 1);
  const draining = new Set((record.doc.DrainingInstances ?? []).filter((id) => perInstance.has(id)));
  return { perInstance, draining };
}

/** ComputeCapacityStatus at `nowMs` (SPEC-rest §1.5); `sessions`: the fleet's listed sessions. */
export function capacityStatus(record: FleetRecord, nowMs: number, sessions: readonly SessionRecord[]): ComputeCapacityStatus {
  const d = record.doc;
  const state = fleetState(record, nowMs);
  const live = sessions.filter((s) => sessionLive(s, nowMs)).length;
  if (d.FleetType === 'ELASTIC') {
    // DECISION (§1.5): Elastic fleets have no desired instances; every session is an instance.
    const running = state === 'RUNNING' ? live : state === 'STOPPING' ? sessions.length : 0;
    const available = state === 'RUNNING' ? Math.max(0, (d.MaxConcurrentSessions ?? 0) - live) : 0;
    return { Desired: 0, Running: running, InUse: running, Available: available };
  }
  const running = runningInstances(record, nowMs);
  const max = d.MaxSessionsPerInstance;
  if (!max) {
    const inUse = state === 'RUNNING' ? live : state === 'STOPPING' ? sessions.length : 0;
    return { Desired: desiredInstances(d), Running: running, InUse: inUse, Available: state === 'RUNNING' ? Math.max(0, running - inUse) : 0 };
  }
  const { perInstance, draining } = instanceUse(record, sessions, nowMs);
  const serving = state === 'RUNNING';
  const inUse = serving ? perInstance.size : state === 'STOPPING' ? new Set(sessions.map((s) => s.doc.InstanceId)).size : 0;
  const drainActive = serving ? [...draining].reduce((n, id) => n + (perInstance.get(id) ?? 0), 0) : 0;
  const drainUnused = serving ? draining.size * max - drainActive : 0;
  const actual = running * max;
  const active = serving ? live : 0;
  return {
    Desired: desiredInstances(d),
    Running: running,
    InUse: inUse,
    Available: serving ? Math.max(0, running - inUse) : 0,
    DesiredUserSessions: d.ComputeCapacity?.DesiredSessions ?? 0,
    AvailableUserSessions: serving ? Math.max(0, actual - active - drainUnused) : 0,
    ActiveUserSessions: active,
    ActualUserSessions: actual,
    Draining: serving ? draining.size : 0,
    DrainModeActiveUserSessions: drainActive,
    DrainModeUnusedUserSessions: drainUnused,
  };
}

/** The Fleet a caller sees. */
export function viewFleet(record: FleetRecord, nowMs: number, sessions: readonly SessionRecord[] = []): Fleet {
  const d = record.doc;
  const fleet: Fleet = {
    Arn: fleetArn(record.region, record.accountId, record.name),
    Name: record.name,
    DisplayName: d.DisplayName,
    Description: d.Description,
    ImageName: d.ImageName,
    ImageArn: d.ImageArn,
    InstanceType: d.InstanceType,
    FleetType: d.FleetType ?? FLEET_DEFAULTS.FleetType,
    ComputeCapacityStatus: capacityStatus(record, nowMs, sessions),
    MaxUserDurationInSeconds: d.MaxUserDurationInSeconds ?? FLEET_DEFAULTS.MaxUserDurationInSeconds,
    DisconnectTimeoutInSeconds: d.DisconnectTimeoutInSeconds ?? FLEET_DEFAULTS.DisconnectTimeoutInSeconds,
    State: fleetState(record, nowMs),
    VpcConfig: d.VpcConfig,
    CreatedTime: new Date(record.createdMs),
    FleetErrors: d.FleetErrors && d.FleetErrors.length > 0 ? d.FleetErrors : undefined,
    EnableDefaultInternetAccess: d.EnableDefaultInternetAccess ?? FLEET_DEFAULTS.EnableDefaultInternetAccess,
    DomainJoinInfo: d.DomainJoinInfo,
    // DECISION (§15.1): omitted when 0, as Prowler's `.get` suggests AWS does.
    IdleDisconnectTimeoutInSeconds: d.IdleDisconnectTimeoutInSeconds ? d.IdleDisconnectTimeoutInSeconds : undefined,
    IamRoleArn: d.IamRoleArn,
    StreamView: d.StreamView ?? FLEET_DEFAULTS.StreamView,
    Platform: d.Platform,
    MaxConcurrentSessions: d.MaxConcurrentSessions,
    UsbDeviceFilterStrings: d.UsbDeviceFilterStrings,
    SessionScriptS3Location: d.SessionScriptS3Location,
    MaxSessionsPerInstance: d.MaxSessionsPerInstance,
    RootVolumeConfig: d.RootVolumeConfig,
    DisableIMDSV1: d.DisableIMDSV1,
  };
  for (const key of Object.keys(fleet) as (keyof Fleet)[]) if (fleet[key] === undefined) delete fleet[key];
  return fleet;
}

/**
 * Whether viewFleet's view of the fleet without sessions stays the same until its schedule
 * moves on (resources/view-memo.ts keeps only those): not while instances start, stop or
 * follow a change of capacity, which runningInstances counts from the time.
 */
export function fleetViewSettled(record: FleetRecord, nowMs: number): boolean {
  const { current, next } = currentStep(record.schedule, nowMs);
  switch (current.state) {
    case 'STOPPED':
      return true;
    case 'STARTING':
      // Stuck (no entry ends it): no instance comes up.
      return next === undefined;
    case 'RUNNING': {
      const change = record.doc.CapacityChange;
      return !change || change.atMs < current.atMs || change.untilMs <= nowMs;
    }
    default:
      return false;
  }
}

/** Whether a fleet in `state` can have sessions (only then are they read). */
function stateMayHaveSessions(state: string | undefined): boolean {
  return state === 'RUNNING' || state === 'STOPPING';
}

/**
 * `views` (viewFleet's, without sessions, in page order) with the sessions of the fleets that
 * have some at `nowMs` counted in: one query for the sessions of every RUNNING or STOPPING
 * fleet of the page, and one for the rows of those that have sessions (rebuilt with them).
 */
export async function withSessions(db: SqlDb, part: Partition, views: readonly Fleet[], nowMs: number): Promise<Fleet[]> {
  const maybe = views.filter((v) => stateMayHaveSessions(v.State)).map((v) => v.Name!);
  if (maybe.length === 0) return [...views];
  const sessions = await sessionsOfFleets(db, part, nowMs, maybe);
  if (sessions.size === 0) return [...views];
  const names = [...sessions.keys()];
  const records = await fleetTable.page(db, part, nowMs, { after: null, limit: names.length, names });
  const rebuilt = new Map(records.map((r) => [r.name, viewFleet(r, nowMs, sessions.get(r.name)!)]));
  return views.map((v) => rebuilt.get(v.Name!) ?? v);
}

/** DECISION (§4.2): an instance id is `i-` and 17 hex digits, stable for what it is made from. */
export function instanceIdFrom(...parts: string[]): string {
  return `i-${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 17)}`;
}

/** DECISION: an instance in a VPC shows a stable made-up ENI (as image builders do). */
export function eniOf(instanceId: string): { EniPrivateIpAddress: string; EniId: string } {
  const h = createHash('sha256').update(`eni/${instanceId}`).digest();
  return { EniPrivateIpAddress: `10.${h[0]!}.${h[1]!}.${(h[2]! % 250) + 4}`, EniId: `eni-${h.subarray(3, 12).toString('hex').slice(0, 17)}` };
}
