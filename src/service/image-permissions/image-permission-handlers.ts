// Sharing images between accounts of a region (SPEC §4, issue 5): UpdateImagePermissions,
// DescribeImagePermissions, DeleteImagePermissions. Only the owner of a private image manages
// its shares; the grantee sees the image as SHARED in DescribeImages (image-handlers.ts).
import { protocolErrors } from '../../errors/catalog.js';
import { shareNotFound, shareQuotaReached } from '../../errors/messages.js';
import type {
  DeleteImagePermissionsRequest,
  DescribeImagePermissionsRequest,
  DescribeImagePermissionsResult,
  UpdateImagePermissionsRequest,
} from '../../generated/shapes.js';
import { getImage } from '../../store/images-repo.js';
import {
  countImagePermissions,
  deleteImagePermission,
  getImagePermission,
  pageImagePermissions,
  putImagePermission,
} from '../../store/permissions-repo.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { imageNotFound } from '../images/image-handlers.js';
import { imageState } from '../images/image-view.js';
import { checkAccountIds } from '../images/input-rules.js';
import { imageNotAvailable } from '../lifecycle/rules.js';
import { page } from '../pagination/page.js';
import type { ServiceDeps } from '../service-deps.js';
import { revokeFleetUse } from '../fleets/fleet-image.js';
import { stepMs } from '../lifecycle/transitions.js';

type PermissionHandlers = {
  UpdateImagePermissions: Handler<'UpdateImagePermissions'>;
  DescribeImagePermissions: Handler<'DescribeImagePermissions'>;
  DeleteImagePermissions: Handler<'DeleteImagePermissions'>;
};

/**
 * DECISION: an account id that is not 12 digits, or the owner's own account, cannot be a
 * share's target. The model lists no error for either (UpdateImagePermissions: not found, not
 * available, limit exceeded), so both answer the protocol-level ValidationException about
 * `sharedAccountId`.
 */
function checkTargetAccount(sharedAccountId: string, ctx: CallContext): void {
  if (!/^\d{12}$/.test(sharedAccountId)) {
    throw protocolErrors.validation([
      `Value '${sharedAccountId}' at 'sharedAccountId' failed to satisfy constraint: Member must be a 12-digit AWS account ID`,
    ]);
  }
  if (sharedAccountId === ctx.accountId) {
    throw protocolErrors.validation([
      `Value '${sharedAccountId}' at 'sharedAccountId' failed to satisfy constraint: Member must not be the account that owns the image`,
    ]);
  }
}

export function permissionHandlers(deps: ServiceDeps): PermissionHandlers {
  const { db, clock, settings } = deps;

  async function updateImagePermissions(input: UpdateImagePermissionsRequest, ctx: CallContext) {
    checkTargetAccount(input.SharedAccountId, ctx);
    // DECISION: a permission left out of ImagePermissions is not granted (false).
    const allowFleet = input.ImagePermissions.allowFleet === true;
    const allowImageBuilder = input.ImagePermissions.allowImageBuilder === true;
    // The clock reads through `db`: read it before the transaction (SQLite's reads wait for it).
    const nowMs = await clock.now();
    await db.transaction(async (tx) => {
      // Serializes the count-then-insert with other writers of the owner's partition.
      await tx.lockPartition(ctx.accountId, ctx.region);
      const image = await getImage(tx, ctx.accountId, ctx.region, input.Name, nowMs);
      if (!image) throw imageNotFound(input.Name, ctx.accountId);
      const state = imageState(image, nowMs);
      if (state !== 'AVAILABLE') {
        throw imageNotAvailable('UpdateImagePermissions', input.Name, state);
      }
      const existing = await getImagePermission(tx, ctx.accountId, ctx.region, input.Name, input.SharedAccountId);
      if (!existing) {
        const quota = settings.quotas.sharedAccountsPerImage;
        if ((await countImagePermissions(tx, ctx.accountId, ctx.region, input.Name)) >= quota) {
          throw shareQuotaReached(input.Name, quota);
        }
      }
      await putImagePermission(tx, {
        ownerAccountId: ctx.accountId,
        region: ctx.region,
        imageName: input.Name,
        sharedAccountId: input.SharedAccountId,
        allowFleet,
        allowImageBuilder,
        createdMs: existing?.createdMs ?? nowMs,
      });
      // Taking allowFleet away acts on the grantee's fleets (SPEC-rest §11).
      if (existing?.allowFleet && !allowFleet) await revokeFleetUse(tx, ctx, input.Name, input.SharedAccountId, nowMs, stepMs(deps));
    });
    return {};
  }

  async function describeImagePermissions(input: DescribeImagePermissionsRequest, ctx: CallContext): Promise<DescribeImagePermissionsResult> {
    checkAccountIds(input.SharedAwsAccountIds, 'sharedAwsAccountIds');
    const only = input.SharedAwsAccountIds ?? [];
    const nowMs = await clock.now();
    const { items, NextToken } = await page(deps.tokenSecret, 'DescribeImagePermissions', ctx, input, {
      filters: { Name: input.Name, SharedAwsAccountIds: [...only].sort() },
      keyLength: 1,
      async fetch(cursor, limit) {
        const image = await getImage(db, ctx.accountId, ctx.region, input.Name, nowMs);
        if (!image) throw imageNotFound(input.Name, ctx.accountId);
        // DECISION: SharedAwsAccountIds narrows the listing; ids without a share are simply absent.
        return pageImagePermissions(db, ctx.accountId, ctx.region, input.Name, cursor?.[0] ?? null, limit, only);
      },
      key: (p) => [p.sharedAccountId],
    });
    const result: DescribeImagePermissionsResult = {
      Name: input.Name,
      SharedImagePermissionsList: items.map((p) => ({
        sharedAccountId: p.sharedAccountId,
        imagePermissions: { allowFleet: p.allowFleet, allowImageBuilder: p.allowImageBuilder },
      })),
    };
    if (NextToken !== undefined) result.NextToken = NextToken;
    return result;
  }

  async function deleteImagePermissions(input: DeleteImagePermissionsRequest, ctx: CallContext) {
    checkAccountIds(input.SharedAccountId, 'sharedAccountId');
    const nowMs = await clock.now();
    await db.transaction(async (tx) => {
      const image = await getImage(tx, ctx.accountId, ctx.region, input.Name, nowMs);
      if (!image) throw imageNotFound(input.Name, ctx.accountId);
      // DECISION: removing a share works in any state of the image (the model lists
      // ResourceNotAvailableException, but refusing would only keep a share nobody wants).
      const existing = await getImagePermission(tx, ctx.accountId, ctx.region, input.Name, input.SharedAccountId);
      if (!(await deleteImagePermission(tx, ctx.accountId, ctx.region, input.Name, input.SharedAccountId))) {
        throw shareNotFound(input.Name, input.SharedAccountId);
      }
      if (existing?.allowFleet) await revokeFleetUse(tx, ctx, input.Name, input.SharedAccountId, nowMs, stepMs(deps));
    });
    return {};
  }

  return {
    UpdateImagePermissions: updateImagePermissions,
    DescribeImagePermissions: describeImagePermissions,
    DeleteImagePermissions: deleteImagePermissions,
  };
}
