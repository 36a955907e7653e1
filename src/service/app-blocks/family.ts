// The app blocks family (SPEC-rest §7.3): what an Elastic fleet's applications are installed
// from. CUSTOM app blocks are ACTIVE from the start; APPSTREAM2 ones are INACTIVE until an app
// block builder has packaged them (the control API's "finish app block", SPEC-rest §4.3).
import { AppBlockState_VALUES } from '../../generated/enums.js';
import type { AppBlock } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCKS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { stateMachine } from '../resources/state-machine.js';
import { appBlockSeed } from './seed-section.js';

/** A stored app block: the wire members except Name, Arn (the key), CreatedTime (the row) and State (the schedule). */
export type AppBlockDoc = Omit<AppBlock, 'Name' | 'Arn' | 'CreatedTime' | 'State'>;

export const appBlockTable = new ResourceRepo<AppBlockDoc>(APP_BLOCKS);

/** DECISION (SPEC-rest §15.17): an APPSTREAM2 app block becomes ACTIVE at once when its builder finishes it. */
export const APP_BLOCK_STATES = stateMachine({
  states: AppBlockState_VALUES,
  transitions: {
    createCustom: { path: ['ACTIVE'] },
    createPackaged: { path: ['INACTIVE'] },
    finish: { from: ['INACTIVE'], path: ['ACTIVE'] },
  },
});

export const appBlockFamily: ResourceFamily = {
  kind: 'app block',
  arnType: 'app-block',
  taggable: true,
  repo: appBlockTable,
  quota: 'appBlocks',
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [appBlockSeed];
  },
};
