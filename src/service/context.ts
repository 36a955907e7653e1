// CallContext lives in src/core/context.ts; re-exported here for the service's own modules.
import type { CallContext } from '../core/context.js';
import type { Partition } from '../store/resource-repo.js';

export * from '../core/context.js';

/** The caller's partition (its account in its region) without the request id: what stored rows are keyed by. */
export function partOf(ctx: CallContext): Partition {
  return { accountId: ctx.accountId, region: ctx.region };
}
