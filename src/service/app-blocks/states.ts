// The app block's states [M] and transitions (SPEC-rest §7.3): the family, its seed and its
// handlers import them from here (no cycle through family.ts).
import { AppBlockState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

/** DECISION (SPEC-rest §15.17): an APPSTREAM2 app block becomes ACTIVE at once when its builder finishes it. */
export const APP_BLOCK_STATES = stateMachine({
  states: AppBlockState_VALUES,
  transitions: {
    createCustom: { path: ['ACTIVE'] },
    createPackaged: { path: ['INACTIVE'] },
    finish: { from: ['INACTIVE'], path: ['ACTIVE'] },
  },
});
