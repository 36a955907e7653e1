// The app block builder's states [M] and transitions (SPEC-rest §7.4): the family, its seed and
// its handlers import them from here (no cycle through family.ts).
import { AppBlockBuilderState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

/**
 * DECISION (SPEC-rest §15.17): a builder is STOPPED after creation; a start that fails on purpose
 * falls back to STOPPED (the model has no FAILED state for builders).
 */
export const APP_BLOCK_BUILDER_STATES = stateMachine({
  states: AppBlockBuilderState_VALUES,
  transitions: {
    create: { path: ['STOPPED'] },
    start: { from: ['STOPPED'], path: ['STARTING', 'RUNNING'], failTo: 'STOPPED' },
    stop: { from: ['STARTING', 'RUNNING'], path: ['STOPPING', 'STOPPED'] },
  },
});
