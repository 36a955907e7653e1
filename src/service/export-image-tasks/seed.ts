// The seed document's `exportImageTasks` (POST /_appstream/seed): export tasks written straight
// into the store. Entry: AccountId, Region, ImageName (an image of the store or of this document),
// AmiName, TaskId (default: a new UUID), State (default EXPORTING, which completes a step later),
// CreatedTime, AmiDescription, TagSpecifications, ErrorDetails (FAILED tasks).
import { randomUUID } from 'node:crypto';
import { ExportImageTaskState_VALUES } from '../../generated/enums.js';
import { getImage } from '../../store/images-repo.js';
import { newSchedule } from '../../core/schedule.js';
import { compact } from '../applications/elastic-common.js';
import { readEntry } from '../applications/elastic-seed.js';
import { imageArn } from '../arns.js';
import type { SeedSection } from '../resources/family.js';
import { NAME_RE, SeedError } from '../seed/seed-reader.js';
import { exportImageTaskTable, exportTaskRefs, type ExportImageTaskDoc, type ExportImageTaskRecord } from './table.js';
import { replaceRow } from '../seed/replace-row.js';

const KEYS = ['AccountId', 'Region', 'TaskId', 'ImageName', 'AmiName', 'AmiDescription', 'State', 'CreatedTime', 'TagSpecifications', 'ErrorDetails'];
const UUID_RE = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const AMI_NAME_RE = /^[a-zA-Z0-9().\-/_]{3,128}$/;

interface Entry {
  label: string;
  record: ExportImageTaskRecord;
}

export const exportImageTaskSeed: SeedSection<Entry> = {
  key: 'exportImageTasks',
  read(entry, index, { nowMs, stepMs }) {
    const { r, label, accountId, region } = readEntry('exportImageTasks', entry, index, KEYS, undefined, 'TaskId');
    const taskId = r.string('TaskId', { re: UUID_RE, what: 'a lower-case UUID' }) ?? randomUUID();
    const imageName = r.string('ImageName', { required: true, re: NAME_RE, what: 'a valid image name' })!;
    const state = r.oneOf('State', ExportImageTaskState_VALUES) ?? 'EXPORTING';
    const errors = r.errors('ErrorDetails');
    const doc = compact<ExportImageTaskDoc>({
      ImageName: imageName,
      ImageArn: imageArn(region, accountId, imageName),
      AmiName: r.string('AmiName', { required: true, re: AMI_NAME_RE, what: 'a valid AMI name' })!,
      AmiDescription: r.string('AmiDescription', { max: 256 }),
      TagSpecifications: r.tags('TagSpecifications'),
      PlannedFailure: errors?.[0] ? { ErrorCode: errors[0].ErrorCode ?? 'EXPORT_IMAGE_FAILURE', ErrorMessage: errors[0].ErrorMessage ?? '' } : undefined,
    });
    const exporting = state === 'EXPORTING';
    const settles = exporting ? nowMs + stepMs : nowMs;
    return {
      label,
      record: {
        accountId,
        region,
        name: taskId,
        createdMs: r.time('CreatedTime') ?? nowMs,
        schedule: exporting ? newSchedule(nowMs, stepMs, 'EXPORTING', 'COMPLETED') : newSchedule(nowMs, 0, state),
        goneMs: null,
        doc,
        refs: exportTaskRefs(doc, exporting ? 'COMPLETED' : state, settles),
      },
    };
  },
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.name}`,
  async write(tx, { label, record }, { nowMs }) {
    if (!(await getImage(tx, record.accountId, record.region, record.doc.ImageName, nowMs))) {
      throw new SeedError(`${label}: account ${record.accountId} has no image ${record.doc.ImageName} in ${record.region} (seed it in images)`);
    }
    await replaceRow(tx, exportImageTaskTable, record, nowMs);
  },
};
