// The export image tasks family (SPEC-rest §10): an AppStream image copied out as an EC2 AMI.
// No ARN, not taggable (TagSpecifications are the AMI's tags). Its rows carry, besides the doc,
// the image's name, the AMI's name, and when and how the task settles (see tables.ts), so that
// the store can list tasks by state at any time.
import { ExportImageTaskState_VALUES } from '../../generated/enums.js';
import type { ExportImageTask } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { EXPORT_IMAGE_TASKS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { stateMachine } from '../resources/state-machine.js';
import { exportImageTaskSeed } from './seed-section.js';

/** A stored task: the wire members except TaskId (the key), CreatedDate (the row), State (the schedule) and AmiId/ErrorDetails (derived from the outcome). */
export type ExportImageTaskDoc = Omit<ExportImageTask, 'TaskId' | 'CreatedDate' | 'State' | 'AmiId' | 'ErrorDetails'> & {
  /** The image's name (also the `image_name` column). */
  ImageName: string;
  /** What a FAILED task reports. */
  PlannedFailure?: { ErrorCode: string; ErrorMessage: string };
};

export const exportImageTaskTable = new ResourceRepo<ExportImageTaskDoc>(EXPORT_IMAGE_TASKS);

/** EXPORTING -> COMPLETED on the clock; -> FAILED when a failure rule is consumed (SPEC-rest §10). */
export const EXPORT_TASK_STATES = stateMachine({
  states: ExportImageTaskState_VALUES,
  transitions: {
    export: { path: ['EXPORTING', 'COMPLETED'], failTo: 'FAILED' },
  },
});

export const exportImageTaskFamily: ResourceFamily = {
  kind: 'export image task',
  taggable: false,
  repo: exportImageTaskTable,
  quota: 'exportImageTasks',
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [exportImageTaskSeed];
  },
};
