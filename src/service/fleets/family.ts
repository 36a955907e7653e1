// The fleets family (SPEC-rest §1): its table, its document and its state machine.
import { FLEET_STACK_ASSOCIATIONS, FLEETS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { FleetState_VALUES } from '../../generated/enums.js';
import type { Fleet } from '../../generated/shapes.js';
import type { ResourceFamily } from '../resources/family.js';
import { stateMachine } from '../resources/state-machine.js';

/**
 * A stored fleet: the wire members in the model's spelling, except those derived on read
 * (Name and Arn from the key, State from the schedule, CreatedTime from the row,
 * ComputeCapacityStatus from the state and the sessions). `DesiredInstances` /
 * `DesiredSessions` keep what the caller asked for.
 */
export type FleetDoc = Omit<Fleet, 'Name' | 'Arn' | 'State' | 'CreatedTime' | 'ComputeCapacityStatus'> & {
  ComputeCapacity?: { DesiredInstances?: number; DesiredSessions?: number };
};

/** The fleets table; refs: image_name (the image a fleet uses), directory_name (DomainJoinInfo). */
export const fleetTable = new ResourceRepo<FleetDoc>(FLEETS);

/** Fleet-stack associations: one row per (stack, fleet); refs.fleet_name = the fleet. */
export const fleetStackTable = new ResourceRepo<Record<string, never>>(FLEET_STACK_ASSOCIATIONS);

/**
 * The fleet's states [M] and transitions (SPEC-rest §1.4). A fleet stuck STARTING with
 * FleetErrors (failure injection) uses `startFails`.
 */
export const FLEET_STATES = stateMachine({
  states: FleetState_VALUES,
  transitions: {
    create: { path: ['STOPPED'] },
    start: { from: ['STOPPED'], path: ['STARTING', 'RUNNING'], failTo: 'STARTING' },
    stop: { from: ['STARTING', 'RUNNING'], path: ['STOPPING', 'STOPPED'] },
  },
});

export const fleetFamily: ResourceFamily = {
  kind: 'fleet',
  arnType: 'fleet',
  taggable: true,
  repo: fleetTable,
  quota: 'fleets',
};
