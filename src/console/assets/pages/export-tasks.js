// Export image tasks on an image's page (SPEC-rest §10): the image's tasks, newest first, with
// their state and AMI; "Export to AMI" starts one (confirmed, with the AMI's name and role).
import { badge, field, fmtTime, h, table } from '../common.js';
import { act, call, state } from '../shell.js';

/** The export tasks of an image the selected account owns (the first 50, newest first). */
export async function exportTasksPart(image) {
  const out = await call('ListExportImageTasks', { Filters: [{ Name: 'ImageName', Values: [image.Name] }], MaxResults: 50 });
  return table({
    caption: 'Export image tasks',
    columns: [
      { label: 'AMI name', render: (t) => t.AmiName },
      { label: 'State', render: (t) => badge(t.State) },
      { label: 'AMI', render: (t) => t.AmiId ?? '-' },
      { label: 'Error', render: (t) => (t.ErrorDetails ?? []).map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`).join('; ') || '-' },
      { label: 'Created', tdClass: 'nowrap', render: (t) => fmtTime(t.CreatedDate) },
      { label: 'Task', render: (t) => h('code', {}, t.TaskId) },
    ],
    rows: out.ExportImageTasks ?? [],
    rowLabel: (t) => t.AmiName,
    empty: 'This image was never exported.',
  });
}

/** Whether a task of this page is still moving (the page polls while one is). */
export const exporting = (tasksTable) => Boolean(tasksTable?.textContent?.includes('EXPORTING'));

/** Asks for the AMI's name and role, then CreateExportImageTask. */
export async function exportImage(image, reload) {
  const ok = await act(
    {
      title: `Export ${image.Name} to an AMI`,
      message: 'Copies the image out as an EC2 AMI: the task is EXPORTING, then COMPLETED with the AMI id. The image cannot be deleted meanwhile.',
      fields: [
        field('AMI name', h('input', { name: 'amiName', required: true, pattern: '[a-zA-Z0-9().\\-/_]{3,128}', value: `${image.Name}-ami` })),
        field('IAM role ARN', h('input', { name: 'role', required: true, value: `arn:aws:iam::${state.account}:role/AppStreamExport` })),
      ],
      confirmLabel: 'Export',
    },
    (v) => call('CreateExportImageTask', { ImageName: image.Name, AmiName: v.amiName, IamRoleArn: v.role }),
    (out) => `Export of ${image.Name} started: task ${out?.ExportImageTask?.TaskId} is ${out?.ExportImageTask?.State}.`,
  );
  if (ok) reload();
}
