// The usage report group (SPEC-rest §9): CreateUsageReportSubscription,
// DescribeUsageReportSubscriptions, DeleteUsageReportSubscription, DescribeAppLicenseUsage.
// Empty inventories answer empty lists, never errors (CloudQuery treats any error as fatal).
import { billingPeriodText, usageReportNotFound } from '../../errors/messages.js';
import { randomBytes } from 'node:crypto';
import type { AdminAppLicenseUsageRecord, UsageReportSubscription } from '../../generated/shapes.js';
import { partOf } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { latestStreamingMidnight } from '../fleets/streaming-days.js';
import {
  appLicenseUsageTable,
  BILLING_PERIOD_RE,
  defaultBucketName,
  SUBSCRIPTION_NAME,
  usageReportTable,
  viewAppLicenseUsage,
  viewUsageReport,
} from './family.js';

type UsageReportHandlers = {
  CreateUsageReportSubscription: Handler<'CreateUsageReportSubscription'>;
  DescribeUsageReportSubscriptions: Handler<'DescribeUsageReportSubscriptions'>;
  DeleteUsageReportSubscription: Handler<'DeleteUsageReportSubscription'>;
  DescribeAppLicenseUsage: Handler<'DescribeAppLicenseUsage'>;
};

/** DECISION: the bucket suffix is 10 random lower-case letters and digits (AWS's is random too). */
function bucketSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function usageReportHandlers(deps: ServiceDeps): UsageReportHandlers {
  return {
    async CreateUsageReportSubscription(_input, ctx) {
      const part = partOf(ctx);
      return write(deps, ctx, async ({ tx, now }) => {
        // DECISION (SPEC-rest §9.1): a second call answers the same subscription.
        let record = await usageReportTable.get(tx, part, SUBSCRIPTION_NAME, now);
        if (!record) {
          record = { ...part, name: SUBSCRIPTION_NAME, createdMs: now, schedule: [], goneMs: null, doc: { S3BucketName: defaultBucketName(part, bucketSuffix()) } };
          await usageReportTable.insert(tx, record, now);
        }
        return { S3BucketName: record.doc.S3BucketName, Schedule: 'DAILY' };
      });
    },

    async DescribeUsageReportSubscriptions(input, ctx) {
      const now = await deps.clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeUsageReportSubscriptions', ctx, input, {
        keyLength: 1,
        fetch: (cursor, limit) => usageReportTable.page(deps.db, ctx, now, { after: cursor?.[0] ?? null, limit }),
        key: (r) => [r.name],
      });
      // At most one subscription, so at most one more keyset read of one row (streaming-days.ts).
      const streamed = items.length > 0 ? await latestStreamingMidnight(deps.db, ctx, now) : undefined;
      // None: an empty list (DECISION, SPEC-rest §9.1).
      const out: { UsageReportSubscriptions: UsageReportSubscription[]; NextToken?: string } = {
        UsageReportSubscriptions: items.map((r) => viewUsageReport(r, streamed)),
      };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async DeleteUsageReportSubscription(_input, ctx) {
      return write(deps, ctx, async ({ tx }) => {
        // Terraform maps ResourceNotFound to success, so AWS sends it (SPEC-rest §9.1).
        if (!(await usageReportTable.remove(tx, ctx, SUBSCRIPTION_NAME))) throw usageReportNotFound(ctx.accountId, ctx.region);
        return {};
      });
    },

    async DescribeAppLicenseUsage(input, ctx) {
      const E = errorsOf('DescribeAppLicenseUsage');
      if (!BILLING_PERIOD_RE.test(input.BillingPeriod)) {
        // DECISION (SPEC-rest §15.22): the code; the text is billingPeriodText.
        throw E.InvalidParameterCombinationException(billingPeriodText(input.BillingPeriod));
      }
      const now = await deps.clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeAppLicenseUsage', ctx, input, {
        filters: { BillingPeriod: input.BillingPeriod },
        keyLength: 1,
        fetch: (cursor, limit) => appLicenseUsageTable.page(deps.db, ctx, now, { parent: input.BillingPeriod, after: cursor?.[0] ?? null, limit }),
        key: (r) => [r.name],
      });
      // An empty period: an empty list, never ResourceNotFound (DECISION, SPEC-rest §9.2).
      const out: { AppLicenseUsages: AdminAppLicenseUsageRecord[]; NextToken?: string } = { AppLicenseUsages: items.map(viewAppLicenseUsage) };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },
  };
}
