// The rules that every operation creating or changing images and image builders shares:
// names, quotas, "not found" / "wrong state" errors, role ARNs. Written once. (Tags on create: applyCreateTags of ../tags/tag-handlers.ts.)
import { modeledError, protocolErrors, type ModeledErrorCode } from '../../errors/catalog.js';
import type { AwsError } from '../../errors/aws-error.js';
import {
  builderNameTaken,
  builderQuotaReached,
  builderWrongStateText,
  imageNameTaken,
  imageNotAvailableText,
  imageQuotaReached,
  invalidRole,
} from '../../errors/messages.js';
import { OPERATIONS, type OperationName } from '../../generated/operations.js';
import { countImageBuilders, insertImageBuilder, type ImageBuilderRecord } from '../../store/builders-repo.js';
import { countImages, getImage, insertImage, type ImageRecord } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { ServiceDeps } from '../service-deps.js';

/** Whether the model lets `operation` answer `code`. */
export function operationMayThrow(operation: OperationName, code: ModeledErrorCode): boolean {
  return (OPERATIONS[operation].errors as readonly string[]).includes(code);
}

/**
 * A "wrong state" error of `operation`: ResourceNotAvailableException where the operation's
 * model lists it, else OperationNotPermittedException (SPEC §4: never an unlisted error).
 */
export function stateError(operation: OperationName | 'CreateImage', message: string): AwsError {
  const code: ModeledErrorCode =
    operation !== 'CreateImage' && !operationMayThrow(operation, 'ResourceNotAvailableException')
      ? 'OperationNotPermittedException'
      : 'ResourceNotAvailableException';
  return modeledError(code, message);
}

// ---- messages -------------------------------------------------------------------------------

// The texts live in the one catalogue of messages (src/errors/messages.ts).
export { builderNameTaken, builderNotFound, imageNameTaken, imageNotFound } from '../../errors/messages.js';

/** AWS's text for an image that is not AVAILABLE (e.g. DEPRECATED), with the operation's state error code. */
export function imageNotAvailable(operation: OperationName | 'CreateImage', name: string, state: string): AwsError {
  return stateError(operation, imageNotAvailableText(name, state));
}

/** `The image builder <name> is <STATE>. ...` (SPEC §4), naming the states the action needs. */
export function builderWrongState(operation: OperationName | 'CreateImage', name: string, state: string, required: readonly string[]): AwsError {
  return stateError(operation, builderWrongStateText(name, state, required));
}

// ---- names ----------------------------------------------------------------------------------

export const IMAGE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
const RESERVED_PREFIX = /^(aws|appstream|amazon)/i;

/**
 * The name of an image a caller creates (SPEC §4). The model's pattern is checked by the
 * validators already for API members; it is checked here again for the control API.
 * DECISION: a reserved prefix is a ValidationException in AWS's form: none of the
 * operations that name new images (CopyImage, CreateUpdatedImage, CreateImportedImage, the
 * Image Assistant) has one modeled error that fits all of them.
 */
export function checkNewImageName(name: string, member: string): void {
  const path = member.charAt(0).toLowerCase() + member.slice(1);
  if (!IMAGE_NAME_PATTERN.test(name)) {
    throw protocolErrors.validation([
      `Value '${name}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$`,
    ]);
  }
  if (RESERVED_PREFIX.test(name)) {
    throw protocolErrors.validation([
      `Value '${name}' at '${path}' failed to satisfy constraint: Member must not start with 'aws', 'appstream' or 'amazon' (in any case)`,
    ]);
  }
}

// ---- quotas ---------------------------------------------------------------------------------

/** Locks the (account, region) partition, then checks the image quota. Inside a transaction. */
export async function lockAndCheckImageQuota(tx: SqlDb, deps: ServiceDeps, accountId: string, region: string, nowMs: number): Promise<void> {
  await tx.lockPartition(accountId, region);
  const limit = deps.settings.quotas.images;
  if ((await countImages(tx, accountId, region, nowMs)) >= limit) {
    throw imageQuotaReached(limit, accountId, region);
  }
}

/** Locks the (account, region) partition, then checks the image builder quota. */
export async function lockAndCheckBuilderQuota(tx: SqlDb, deps: ServiceDeps, accountId: string, region: string, nowMs: number): Promise<void> {
  await tx.lockPartition(accountId, region);
  const limit = deps.settings.quotas.imageBuilders;
  if ((await countImageBuilders(tx, accountId, region, nowMs)) >= limit) {
    throw builderQuotaReached(limit, accountId, region);
  }
}

/** Checks that an image name is free now (inside the locked transaction). */
export async function checkImageNameFree(tx: SqlDb, accountId: string, region: string, name: string, nowMs: number): Promise<void> {
  if (await getImage(tx, accountId, region, name, nowMs)) throw imageNameTaken(name);
}

/** Inserts a new image; a concurrent writer that took the name first is ResourceAlreadyExistsException. */
export async function insertNewImage(tx: SqlDb, record: ImageRecord, nowMs: number): Promise<void> {
  try {
    await insertImage(tx, record, nowMs);
  } catch (e) {
    if (tx.isUniqueViolation(e)) throw imageNameTaken(record.name);
    throw e;
  }
}

export async function insertNewImageBuilder(tx: SqlDb, record: ImageBuilderRecord, nowMs: number): Promise<void> {
  try {
    await insertImageBuilder(tx, record, nowMs);
  } catch (e) {
    if (tx.isUniqueViolation(e)) throw builderNameTaken(record.name);
    throw e;
  }
}

// ---- roles -------------------------------------------------------------------------

/** DECISION: an IAM role ARN must look like one (arn:<partition>:iam::<account>:role/<name>), else InvalidRoleException. */
export function checkIamRoleArn(arn: string | undefined): void {
  if (arn === undefined) return;
  if (!/^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/[\w+=,.@\/-]+$/.test(arn)) {
    throw invalidRole(arn);
  }
}
