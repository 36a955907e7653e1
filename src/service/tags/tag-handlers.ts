// Tags of every taggable family of the registry (SPEC §4, SPEC-rest §0): TagResource, UntagResource,
// ListTagsForResource, and applyCreateTags for operations that take `Tags` on create.
//
// A resource is taggable by its caller when its ARN names the caller's account and region,
// names an image or an image builder, and that resource exists now. Anything else (a public
// image, an image shared with the caller, another account's or an unknown resource, another
// region) answers ResourceNotFoundException — never a 500 (Steampipe asks for the tags of every
// image it lists, public ones included).
import { protocolErrors } from '../../errors/catalog.js';
import { taggedResourceNotFound, tooManyTags as tooManyTagsError } from '../../errors/messages.js';
import type { ListTagsForResourceResponse, TagResourceRequest, UntagResourceRequest, ListTagsForResourceRequest } from '../../generated/shapes.js';
import type { SqlDb } from '../../store/sql-db.js';
import { listTags, putTags, removeAllTags, removeTags } from '../../store/tags-repo.js';
import { parseAppStreamArn, partitionOf } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import type { ServiceDeps } from '../service-deps.js';
import { familyByArnType } from '../resources/registry.js';
import { MAX_TAGS_PER_RESOURCE } from './tag-limits.js';

export { MAX_TAGS_PER_RESOURCE };

type TagHandlers = {
  TagResource: Handler<'TagResource'>;
  UntagResource: Handler<'UntagResource'>;
  ListTagsForResource: Handler<'ListTagsForResource'>;
};

const resourceNotFound = taggedResourceNotFound;
const tooManyTags = (arn: string) => tooManyTagsError(arn, MAX_TAGS_PER_RESOURCE);

/**
 * DECISION: keys starting with `aws:` are reserved. The model's TagKey pattern
 * (`^(?!aws:)...`) already makes the generated validator reject them with AWS's
 * ValidationException on TagResource, UntagResource and every create operation's `Tags`;
 * this check gives the same answer where no validator ran (the control API, seeding).
 */
export function checkTagKeys(tags: Record<string, string>, member = 'tags'): void {
  const failures: string[] = [];
  for (const key of Object.keys(tags)) {
    if (key.startsWith('aws:')) {
      failures.push(`Value '${key}' at '${member}' failed to satisfy constraint: Tag keys must not start with 'aws:' (reserved by AWS)`);
    } else if (key.length < 1 || key.length > 128) {
      failures.push(`Value '${key}' at '${member}' failed to satisfy constraint: Member must have length between 1 and 128`);
    }
  }
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string' || value.length > 256) {
      failures.push(`Value at '${member}.${key}' failed to satisfy constraint: Member must be a string of length at most 256`);
    }
  }
  if (failures.length > 0) throw protocolErrors.validation(failures);
}

/**
 * For operations that create a taggable resource with `Tags` (CreateImageBuilder,
 * CreateImportedImage, CreateUpdatedImage's newImageTags, the control API's create-image):
 * inside the creating transaction, gives the new resource exactly these tags (any stale tags
 * of an earlier resource of the same ARN are dropped). Throws ValidationException for a
 * reserved `aws:` key and LimitExceededException for more than 50 tags.
 */
export async function applyCreateTags(tx: SqlDb, arn: string, tags: Record<string, string> | undefined): Promise<void> {
  await removeAllTags(tx, arn);
  if (!tags || Object.keys(tags).length === 0) return;
  checkTagKeys(tags);
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw tooManyTags(arn);
  await putTags(tx, arn, tags);
}

export function tagHandlers(deps: ServiceDeps): TagHandlers {
  const { db, clock } = deps;

  /** Whether the caller owns an existing, taggable resource (of any registered family) with this ARN now. */
  async function owns(handle: SqlDb, arn: string, ctx: CallContext, nowMs: number): Promise<boolean> {
    const parsed = parseAppStreamArn(arn);
    if (!parsed || parsed.accountId !== ctx.accountId || parsed.region !== ctx.region || parsed.partition !== partitionOf(ctx.region)) {
      return false;
    }
    const family = familyByArnType(parsed.resourceType);
    if (!family?.taggable) return false;
    const part = { accountId: ctx.accountId, region: ctx.region };
    if (family.exists) return family.exists(handle, part, parsed.name, nowMs);
    return (await family.repo?.get(handle, part, parsed.name, nowMs)) !== undefined;
  }

  async function tagResource(input: TagResourceRequest, ctx: CallContext) {
    checkTagKeys(input.Tags);
    const nowMs = await clock.now();
    await db.transaction(async (tx) => {
      // Count-then-insert: without the lock, two concurrent TagResource calls of 30 tags left
      // 60 on PostgreSQL.
      await tx.lockPartition(ctx.accountId, ctx.region);
      if (!(await owns(tx, input.ResourceArn, ctx, nowMs))) throw resourceNotFound(input.ResourceArn);
      // TagResource overwrites existing keys: the limit counts the union.
      const existing = await listTags(tx, input.ResourceArn);
      const keys = new Set([...Object.keys(existing), ...Object.keys(input.Tags)]);
      if (keys.size > MAX_TAGS_PER_RESOURCE) throw tooManyTags(input.ResourceArn);
      await putTags(tx, input.ResourceArn, input.Tags);
    });
    return {};
  }

  async function untagResource(input: UntagResourceRequest, ctx: CallContext) {
    const nowMs = await clock.now();
    await db.transaction(async (tx) => {
      if (!(await owns(tx, input.ResourceArn, ctx, nowMs))) throw resourceNotFound(input.ResourceArn);
      // Keys the resource does not carry are ignored, as AWS does.
      await removeTags(tx, input.ResourceArn, input.TagKeys);
    });
    return {};
  }

  async function listTagsForResource(input: ListTagsForResourceRequest, ctx: CallContext): Promise<ListTagsForResourceResponse> {
    const nowMs = await clock.now();
    if (!(await owns(db, input.ResourceArn, ctx, nowMs))) throw resourceNotFound(input.ResourceArn);
    const tags = await listTags(db, input.ResourceArn);
    // DECISION (issue 17): an untagged resource answers `Tags: {}`, as AWS's JSON services send
    // their output maps (boto3 code reads resp['Tags']).
    return { Tags: tags };
  }

  return { TagResource: tagResource, UntagResource: untagResource, ListTagsForResource: listTagsForResource };
}
