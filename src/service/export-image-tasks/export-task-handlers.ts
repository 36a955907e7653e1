// Export image tasks (SPEC-rest §10): CreateExportImageTask, GetExportImageTask,
// ListExportImageTasks; and the DeleteImage rule that an image being exported stays.
//   export: EXPORTING -> COMPLETED (with an AmiId) | FAILED (with ErrorDetails, failure injection)
import * as msg from '../../errors/messages.js';
import { imageBeingExported, imageNotFound } from '../../errors/messages.js';
import { createHash, randomUUID } from 'node:crypto';
import { findPublicImage } from '../../catalog/public-images.js';
import type { ExportImageTask } from '../../generated/shapes.js';
import { ExportImageTaskState_VALUES } from '../../generated/enums.js';
import { countExportingTasks, exportingTaskOf, pageExportTaskIds } from '../../store/elastic-repo.js';
import { getImage } from '../../store/images-repo.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { stateAt } from '../../core/schedule.js';
import { compact, partOf } from '../applications/elastic-common.js';
import { imageArn } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { imageState } from '../images/image-view.js';
import { checkIamRoleArn } from '../lifecycle/rules.js';
import { consumeFailure, stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { begin } from '../resources/state-machine.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { EXPORT_TASK_STATES } from './states.js';
import { exportImageTaskTable, exportTaskRefs, type ExportImageTaskDoc, type ExportImageTaskRecord } from './table.js';

type ExportTaskHandlers = {
  CreateExportImageTask: Handler<'CreateExportImageTask'>;
  GetExportImageTask: Handler<'GetExportImageTask'>;
  ListExportImageTasks: Handler<'ListExportImageTasks'>;
};

/** DECISION (SPEC-rest §10): a COMPLETED task's AMI id, `ami-` + 17 hex digits, stable per task. */
function amiIdOf(record: ExportImageTaskRecord): string {
  return `ami-${createHash('sha256').update(`${record.accountId}/${record.region}/${record.name}`).digest('hex').slice(0, 17)}`;
}

/** DECISION: what a task that fails on purpose reports. */
const EXPORT_FAILURE = { ErrorCode: 'EXPORT_IMAGE_FAILURE', ErrorMessage: 'The image could not be exported to an AMI because of an internal error.' };

/** A task as callers see it at `nowMs`. */
export function viewExportTask(record: ExportImageTaskRecord, nowMs: number): ExportImageTask {
  const { PlannedFailure: failure, ImageName: _name, ...d } = record.doc;
  const state = stateAt(record.schedule, nowMs).state as ExportImageTask['State'];
  return compact<ExportImageTask>({
    TaskId: record.name,
    ImageArn: d.ImageArn,
    AmiName: d.AmiName,
    CreatedDate: new Date(record.createdMs),
    AmiDescription: d.AmiDescription,
    State: state,
    AmiId: state === 'COMPLETED' ? amiIdOf(record) : undefined,
    TagSpecifications: d.TagSpecifications,
    ErrorDetails: state === 'FAILED' ? [failure ?? EXPORT_FAILURE] : undefined,
  });
}

/** Export image tasks as ListExportImageTasks answers them, kept per row version (resources/view-memo.ts). */
const exportTaskViews = new ViewMemo(exportImageTaskTable, '', viewExportTask);

/** DECISION (SPEC-rest §10): the filter names ListExportImageTasks knows. */
const FILTER_NAMES = ['State', 'ImageName'] as const;

/**
 * DeleteImage's check (SPEC-rest §10, decision): ResourceInUseException when an export image
 * task of the image is still EXPORTING. Call inside DeleteImage's transaction.
 */
export async function refuseDeleteWhileExporting(tx: SqlDb, ctx: CallContext, imageName: string, nowMs: number): Promise<void> {
  const taskId = await exportingTaskOf(tx, partOf(ctx), imageName, nowMs);
  if (taskId !== undefined) throw imageBeingExported(imageName, taskId);
}

export function exportImageTaskHandlers(deps: ServiceDeps): ExportTaskHandlers {
  const { db, clock } = deps;

  return {
    async CreateExportImageTask(input, ctx) {
      const E = errorsOf('CreateExportImageTask');
      checkIamRoleArn(input.IamRoleArn);
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const image = await getImage(tx, ctx.accountId, ctx.region, input.ImageName, now);
        if (!image) {
          if (deps.settings.publicImages && findPublicImage(ctx.region, input.ImageName)) {
            // DECISION (SPEC-rest §10): AWS exports only images the caller owns [Md].
            throw E.OperationNotPermittedException(msg.exportNotOwnedText(input.ImageName, ctx.accountId));
          }
          throw imageNotFound(input.ImageName, ctx.accountId);
        }
        const state = imageState(image, now);
        if (state !== 'AVAILABLE') {
          throw E.ResourceNotAvailableException(msg.imageNotAvailableText(image.name, state));
        }
        // AWS [Md]: the AMI name "must be unique within your account and region". DECISION:
        // among tasks that are EXPORTING or COMPLETED.
        const sameAmi = await exportImageTaskTable.findByRef(tx, part, now, 'ami_name', input.AmiName, 1000);
        if (sameAmi.some((t) => ['EXPORTING', 'COMPLETED'].includes(stateAt(t.schedule, now).state))) {
          throw E.OperationNotPermittedException(msg.exportAmiNameTakenText(input.AmiName));
        }
        const limit = deps.settings.quotas.exportImageTasks;
        if ((await countExportingTasks(tx, part, now)) >= limit) throw E.LimitExceededException(msg.quotaReachedText('export image tasks in progress', limit, msg.partitionScope(ctx.accountId, ctx.region)));
        const fails = await consumeFailure(tx, 'CreateExportImageTask', ctx.accountId);
        const step = stepMs(deps);
        const doc: ExportImageTaskDoc = compact({
          ImageName: image.name,
          ImageArn: imageArn(ctx.region, ctx.accountId, image.name),
          AmiName: input.AmiName,
          AmiDescription: input.AmiDescription,
          TagSpecifications: input.TagSpecifications,
          PlannedFailure: fails ? EXPORT_FAILURE : undefined,
        });
        const record: ExportImageTaskRecord = {
          ...part,
          name: randomUUID(),
          createdMs: now,
          schedule: begin(EXPORT_TASK_STATES, 'export', now, step, fails),
          goneMs: null,
          doc,
          refs: exportTaskRefs(doc, fails ? 'FAILED' : 'COMPLETED', now + step),
        };
        await exportImageTaskTable.insert(tx, record, now);
        return { ExportImageTask: viewExportTask({ ...record, schedule: [{ state: 'EXPORTING', atMs: now }] }, now) };
      });
    },

    async GetExportImageTask(input, ctx) {
      const E = errorsOf('GetExportImageTask');
      // DECISION (SPEC-rest §10): TaskId is optional in the model; without one there is nothing to find.
      if (input.TaskId === undefined) throw E.ResourceNotFoundException(msg.exportTaskNotFoundText(undefined));
      const now = await clock.now();
      const task = await exportImageTaskTable.get(db, partOf(ctx), input.TaskId, now);
      if (!task) throw E.ResourceNotFoundException(msg.exportTaskNotFoundText(input.TaskId));
      return { ExportImageTask: viewExportTask(task, now) };
    },

    async ListExportImageTasks(input, ctx) {
      const E = errorsOf('ListExportImageTasks');
      // Several values of one filter are OR, several filters AND (DECISION, SPEC-rest §10).
      const selected: Partial<Record<(typeof FILTER_NAMES)[number], Set<string>>> = {};
      for (const filter of input.Filters ?? []) {
        const name = filter.Name as (typeof FILTER_NAMES)[number];
        if (!FILTER_NAMES.includes(name)) {
          throw E.OperationNotPermittedException(msg.exportFilterUnknownText(filter.Name, FILTER_NAMES));
        }
        if (name === 'State') {
          const bad = filter.Values.find((v) => !(ExportImageTaskState_VALUES as readonly string[]).includes(v));
          if (bad !== undefined) throw E.OperationNotPermittedException(msg.exportFilterStateText(bad, ExportImageTaskState_VALUES));
        }
        const values = new Set(filter.Values);
        const previous = selected[name];
        selected[name] = previous ? new Set([...previous].filter((v) => values.has(v))) : values;
      }
      const states = selected.State && [...selected.State].sort();
      const imageNames = selected.ImageName && [...selected.ImageName].sort();
      const now = await clock.now();
      const part = partOf(ctx);
      const { items, NextToken } = await page(deps.tokenSecret, 'ListExportImageTasks', ctx, input, {
        filters: { State: states ?? null, ImageName: imageNames ?? null },
        keyLength: 2,
        async fetch(cursor, limit) {
          const after = cursor ? { createdMs: Number(cursor[0]), taskId: cursor[1]! } : null;
          const ids = await pageExportTaskIds(db, part, now, { after, limit, states, imageNames });
          if (ids.length === 0) return [];
          const views = (await exportTaskViews.page(db, part, now, { after: null, limit: ids.length, names: ids })).views;
          const byId = new Map(views.map((t) => [t.TaskId, t]));
          return ids.map((id) => byId.get(id)).filter((t): t is ExportImageTask => t !== undefined);
        },
        // CreatedDate is new Date(created_ms): its time is the stored key.
        key: (t) => [String(t.CreatedDate!.getTime()), t.TaskId!],
      });
      return compact({ ExportImageTasks: items, NextToken });
    },
  };
}
