// The app blocks table and its stored document (the family, its seed and its handlers import
// them from here: no cycle through family.ts).
import type { AppBlock } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCKS } from '../../store/tables.js';

/** A stored app block: the wire members except Name, Arn (the key), CreatedTime (the row) and State (the schedule). */
export type AppBlockDoc = Omit<AppBlock, 'Name' | 'Arn' | 'CreatedTime' | 'State'>;

export const appBlockTable = new ResourceRepo<AppBlockDoc>(APP_BLOCKS);
