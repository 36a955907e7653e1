// The fleet's and the session's state machines (SPEC-rest §1.4, §4.2): the family, its seed and
// its handlers import them from here.
import { FleetState_VALUES, SessionState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

/**
 * The fleet's states [M] and transitions (SPEC-rest §1.4). A fleet stuck STARTING with
 * FleetErrors (failure injection, an image gone) uses `startFails`.
 */
export const FLEET_STATES = stateMachine({
  states: FleetState_VALUES,
  transitions: {
    create: { path: ['STOPPED'] },
    start: { from: ['STOPPED'], path: ['STARTING', 'RUNNING'], failTo: 'STARTING' },
    stop: { from: ['STARTING', 'RUNNING'], path: ['STOPPING', 'STOPPED'] },
  },
});

/** A session's states [M]: opened PENDING, ACTIVE a step later; EXPIRED when it ends, listed one step more. */
export const SESSION_STATES = stateMachine({
  states: SessionState_VALUES,
  transitions: {
    open: { path: ['PENDING', 'ACTIVE'] },
    expire: { from: ['PENDING', 'ACTIVE'], path: ['EXPIRED'], gone: true },
  },
});
