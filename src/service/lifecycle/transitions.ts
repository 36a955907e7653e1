// How long a transition takes, and the failures on purpose that a transition may consume.
import { addFailureRule, consumeFailureRule, deleteAllFailureRules, listFailureRules, type FailureRuleRecord } from '../../store/failure-rules-repo.js';
import type { ImageBuilderDoc } from '../../store/builders-repo.js';
import type { ImageDoc } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { ServiceDeps } from '../service-deps.js';

/** One step of a state machine, in emulated ms (0: complete by the next read). */
export function stepMs(deps: ServiceDeps): number {
  return Math.max(0, deps.settings.transitionSeconds) * 1000;
}

/** The transitions that a failure rule (POST /_appstream/failures) can make fail. */
export const FAILING_OPERATIONS = [
  'CreateImage',
  'CopyImage',
  'CreateUpdatedImage',
  'CreateImportedImage',
  'CreateImageBuilder',
  'StartImageBuilder',
] as const;
export type FailingOperation = (typeof FAILING_OPERATIONS)[number];

export function isFailingOperation(value: unknown): value is FailingOperation {
  return typeof value === 'string' && (FAILING_OPERATIONS as readonly string[]).includes(value);
}

/**
 * Inside the write transaction of a transition: true when a failure rule makes this one fail
 * (the rule is consumed with the transaction).
 */
export function consumeFailure(tx: SqlDb, operation: FailingOperation, accountId: string): Promise<boolean> {
  return consumeFailureRule(tx, operation, accountId);
}

/** DECISION: the StateChangeReason code and texts of an image whose transition failed on purpose, by operation. */
const IMAGE_FAILURES: Record<'CreateImage' | 'CopyImage' | 'CreateUpdatedImage' | 'CreateImportedImage', { code: string; message: string }> = {
  CreateImage: {
    code: 'IMAGE_BUILDER_NOT_AVAILABLE',
    message: 'The image could not be created because the image builder was not available.',
  },
  CopyImage: { code: 'IMAGE_COPY_FAILURE', message: 'The image could not be copied to the destination region.' },
  CreateUpdatedImage: { code: 'IMAGE_UPDATE_FAILURE', message: 'The image could not be updated with the latest AppStream 2.0 agent.' },
  CreateImportedImage: { code: 'IMAGE_IMPORT_FAILURE', message: 'The image could not be imported.' },
};

export function imageFailure(operation: keyof typeof IMAGE_FAILURES): NonNullable<ImageDoc['PlannedFailure']> {
  const f = IMAGE_FAILURES[operation];
  return {
    StateChangeReason: { Code: f.code, Message: f.message },
    // ImageErrors use the FleetErrorCode enum; INTERNAL_SERVICE_ERROR is the one that fits.
    ImageErrors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: f.message }],
  };
}

/** DECISION: a builder that fails on purpose says INTERNAL_ERROR / INTERNAL_SERVICE_ERROR. */
export function builderFailure(operation: 'CreateImageBuilder' | 'StartImageBuilder'): NonNullable<ImageBuilderDoc['PlannedFailure']> {
  const message =
    operation === 'CreateImageBuilder'
      ? 'The image builder could not be created because of an internal error.'
      : 'The image builder could not be started because of an internal error.';
  return {
    StateChangeReason: { Code: 'INTERNAL_ERROR', Message: message },
    ImageBuilderErrors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: message }],
  };
}

/** Plans `count` failures of `operation` (for `accountId`, or any account): the control API's POST /_appstream/failures. */
export function planFailures(db: SqlDb, operation: FailingOperation, accountId: string | null, count: number): Promise<void> {
  return db.transaction((tx) => addFailureRule(tx, operation, accountId, count));
}

/** The planned failures that have some left. */
export function plannedFailures(db: SqlDb): Promise<FailureRuleRecord[]> {
  return listFailureRules(db);
}

/** Forgets every planned failure. */
export async function clearPlannedFailures(db: SqlDb): Promise<void> {
  await db.transaction((tx) => deleteAllFailureRules(tx));
}
