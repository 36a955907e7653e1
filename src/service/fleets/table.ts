// The fleets table, the fleet-stack associations table and the sessions table, with their
// documents (SPEC-rest §1, §3, §4.2). The family, its seed and its handlers import them from
// here (no cycle through family.ts, which re-exports them).
import { FLEET_STACK_ASSOCIATIONS, FLEETS, SESSIONS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import type { Fleet } from '../../generated/shapes.js';

/**
 * A stored fleet: the wire members in the model's spelling, except those derived on read
 * (Name and Arn from the key, State from the schedule, CreatedTime from the row,
 * ComputeCapacityStatus from the state and the sessions). `DesiredInstances` /
 * `DesiredSessions` keep what the caller asked for (0 after the image's owner revoked it).
 */
export type FleetDoc = Omit<Fleet, 'Name' | 'Arn' | 'State' | 'CreatedTime' | 'ComputeCapacityStatus'> & {
  ComputeCapacity?: { DesiredInstances?: number; DesiredSessions?: number };
  /**
   * Running instances converge to a new desired count while RUNNING: from `from` at `atMs`
   * to the desired count at `untilMs` (emulated ms). Absent: Running is the desired count.
   */
  CapacityChange?: { from: number; atMs: number; untilMs: number };
  /** Instances of a multi-session fleet being drained (DrainSessionInstance). */
  DrainingInstances?: string[];
};

/** The fleets table; refs: image_name (the image a fleet uses), directory_name (DomainJoinInfo). */
export const fleetTable = new ResourceRepo<FleetDoc>(FLEETS);

/** Fleet-stack associations: one row per (stack, fleet); refs.fleet_name = the fleet. */
export const fleetStackTable = new ResourceRepo<Record<string, never>>(FLEET_STACK_ASSOCIATIONS);

/**
 * A stored session (name = its Id). Times are emulated epoch ms. State comes from the
 * schedule (PENDING, ACTIVE, then EXPIRED at the time it ends); the row is gone a step later.
 */
export interface SessionDoc {
  UserId: string;
  StackName: string;
  FleetName: string;
  AuthenticationType: 'API' | 'SAML' | 'USERPOOL' | 'AWS_AD';
  InstanceId: string;
  /** StartTime + the fleet's MaxUserDurationInSeconds. */
  MaxExpirationMs: number;
  /** Set while the user is disconnected: the session ends DisconnectTimeoutInSeconds later. */
  DisconnectedAtMs?: number;
  /** The ENI, for fleets in a VPC. */
  NetworkAccessConfiguration?: { EniPrivateIpAddress: string; EniId: string };
}

/** Sessions; refs fleet_name, stack_name, user_id, instance_id, authentication_type. */
export const sessionTable = new ResourceRepo<SessionDoc>(SESSIONS);
