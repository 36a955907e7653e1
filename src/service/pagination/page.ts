// page(): the one way a paged operation pages. It reads the operation's token and page-size
// members from the generated paginator table (model/paginators-1.json and the shapes), takes
// the page size from PAGE_SIZES, decodes the caller's token (bound to operation, caller and
// filters: see paginator.ts), fetches one item more than the page to know whether more follow,
// and mints the next token from the last item's key.
import { PAGED_OPERATIONS, type PagedOperationName } from '../../generated/paginators.js';
import type { CallContext } from '../context.js';
import { decodeToken, encodeToken, pageScope, pageSize, type Cursor } from './paginator.js';

/**
 * Page sizes per paged operation: the default (page-size member absent or <= 0) and the
 * maximum (larger values are clamped). Sources: the model's ranges and AWS's texts where they
 * exist (SPEC §3, SPEC-rest §13); the rest are decisions.
 */
export const PAGE_SIZES: { readonly [Op in PagedOperationName]: { readonly default: number; readonly max: number } } = {
  // DECISION (SPEC §3): absent or 0 means 25, the model's maximum.
  DescribeImages: { default: 25, max: 25 },
  // DECISION: DescribeImageBuilders pages like DescribeImages.
  DescribeImageBuilders: { default: 25, max: 25 },
  // DECISION: 500 by default, the model's maximum: with AWS's 100 shared accounts per image a
  // default listing is always one page.
  DescribeImagePermissions: { default: 500, max: 500 },
  // DECISION: DescribeSoftwareAssociations pages by 25 by default, at most 100.
  DescribeSoftwareAssociations: { default: 25, max: 100 },
  // DECISION (SPEC-rest §13): operations without a page-size member page by 25.
  DescribeFleets: { default: 25, max: 25 },
  DescribeStacks: { default: 25, max: 25 },
  ListAssociatedFleets: { default: 25, max: 25 },
  ListAssociatedStacks: { default: 25, max: 25 },
  // AWS: "default 20, maximum 50" (API reference of DescribeSessions' Limit).
  DescribeSessions: { default: 20, max: 50 },
  // DECISION (SPEC-rest §13): Integer MaxResults without a model range: 25 by default, at most 25.
  DescribeUsers: { default: 25, max: 25 },
  DescribeDirectoryConfigs: { default: 25, max: 25 },
  // The model's range is 0..500; DECISION: 0 or absent means 25.
  DescribeUserStackAssociations: { default: 25, max: 500 },
  // AWS: "maximum value is 25".
  DescribeAppBlockBuilders: { default: 25, max: 25 },
  DescribeAppBlockBuilderAppBlockAssociations: { default: 25, max: 25 },
  DescribeAppBlocks: { default: 25, max: 25 },
  DescribeApplications: { default: 25, max: 25 },
  DescribeApplicationFleetAssociations: { default: 25, max: 25 },
  DescribeEntitlements: { default: 25, max: 25 },
  ListEntitledApplications: { default: 25, max: 25 },
  DescribeUsageReportSubscriptions: { default: 25, max: 25 },
  DescribeAppLicenseUsage: { default: 25, max: 25 },
  // AWS: "valid range 1-500, default 50".
  ListExportImageTasks: { default: 50, max: 500 },
};

export interface PageRequest<Item> {
  /** Every input member that selects items (not the page size): bound into the token. */
  filters?: Record<string, unknown>;
  /** Up to `limit` items after `cursor` (null: from the start), in key order. */
  fetch(cursor: Cursor | null, limit: number): Promise<Item[]>;
  /** The keyset position of an item: what `fetch` orders by. */
  key(item: Item): Cursor;
  /** How many strings a cursor of this operation holds (a token with another length is refused). */
  keyLength: number;
}

export interface Page<Item> {
  items: Item[];
  /** Present only when more items follow (never ""). */
  NextToken?: string;
}

/**
 * One page of `op` for this caller. `input` is the request (its token and page-size members
 * are read by the names the model gives them). Throws invalidTokenError(op) for a token of
 * another scope.
 */
export async function page<Item>(
  tokenSecret: string,
  op: PagedOperationName,
  ctx: Pick<CallContext, 'accountId' | 'region'>,
  input: object,
  request: PageRequest<Item>,
): Promise<Page<Item>> {
  const paged = PAGED_OPERATIONS[op];
  const members = input as Record<string, unknown>;
  const sizes = PAGE_SIZES[op];
  const limitKey = 'limitKey' in paged ? paged.limitKey : undefined;
  const size = pageSize(limitKey ? (members[limitKey] as number | undefined) : undefined, sizes.default, sizes.max);
  const scope = pageScope(op, ctx, request.filters ?? {});
  const token = members[paged.inputToken] as string | undefined;
  const cursor = token === undefined ? null : decodeToken(tokenSecret, token, scope, request.keyLength);
  const fetched = await request.fetch(cursor, size + 1);
  const items = fetched.slice(0, size);
  return fetched.length > size ? { items, NextToken: encodeToken(tokenSecret, scope, request.key(items[items.length - 1]!)) } : { items };
}
