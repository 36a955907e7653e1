// The export image tasks table and the stored document (the family, its seed and its handlers
// import them from here: no cycle through family.ts).
import type { ExportImageTask } from '../../generated/shapes.js';
import { settlesAtText } from '../../store/elastic-repo.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { EXPORT_IMAGE_TASKS } from '../../store/tables.js';

/** A stored task: the wire members except TaskId (the key), CreatedDate (the row), State (the schedule) and AmiId/ErrorDetails (derived from the outcome). */
export type ExportImageTaskDoc = Omit<ExportImageTask, 'TaskId' | 'CreatedDate' | 'State' | 'AmiId' | 'ErrorDetails'> & {
  /** The image's name (also the `image_name` column). */
  ImageName: string;
  /** What a FAILED task reports. */
  PlannedFailure?: { ErrorCode: string; ErrorMessage: string };
};

export const exportImageTaskTable = new ResourceRepo<ExportImageTaskDoc>(EXPORT_IMAGE_TASKS);

export type ExportImageTaskRecord = ResourceRecord<ExportImageTaskDoc>;

/** The state column values of a task: where it settles and when (see tables.ts). */
export function exportTaskRefs(doc: ExportImageTaskDoc, finalState: string, settlesMs: number): Record<string, string> {
  return { image_name: doc.ImageName, ami_name: doc.AmiName, final_state: finalState, settles_at: settlesAtText(settlesMs) };
}
