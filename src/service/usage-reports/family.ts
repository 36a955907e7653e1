// Usage reports (SPEC-rest §9): the usage report subscription (one per account and region) and
// the app license usage records of DescribeAppLicenseUsage. Neither has an ARN or tags.
import type { AdminAppLicenseUsageRecord, UsageReportSubscription } from '../../generated/shapes.js';
import { UsageReportExecutionErrorCode_VALUES } from '../../generated/enums.js';
import { ResourceRepo, type Partition, type ResourceRecord } from '../../store/resource-repo.js';
import { APP_LICENSE_USAGES, USAGE_REPORT_SUBSCRIPTIONS } from '../../store/tables.js';
import type { ResourceFamily, SeedSection } from '../resources/family.js';
import { compact, entryPartition, entryReader, isObj } from '../seed/seed-reader.js';
import { seededUserId, userArn, userTable } from '../users/family.js';
import { replaceRow } from '../seed/replace-row.js';

/** A stored subscription. Times are epoch ms. */
export interface UsageReportDoc {
  S3BucketName: string;
  /** Seeded (what AWS last reported); later reports come from the sessions' streaming days (lastGeneratedReportMs). */
  LastGeneratedReportMs?: number;
  /** Seeded: AWS reports the last generation's errors (RESOURCE_NOT_FOUND, ACCESS_DENIED, ...). */
  SubscriptionErrors?: { ErrorCode?: string; ErrorMessage?: string }[];
}

/** The one subscription of a partition is named by its schedule: AWS has only DAILY [M]. */
export const SUBSCRIPTION_NAME = 'DAILY';

export const usageReportTable = new ResourceRepo<UsageReportDoc>(USAGE_REPORT_SUBSCRIPTIONS);

/** A stored app license usage record (SPEC-rest §9.2). Times are epoch ms. */
export interface AppLicenseUsageDoc {
  UserArn: string;
  UserId: string;
  LicenseType: string;
  FirstUsedMs: number;
  LastUsedMs: number;
}

/**
 * Records: parent = BillingPeriod (yyyy-mm), name = JSON [UserId, LicenseType] (unique, ordered
 * by user), or [UserId, LicenseType, UserArn] for another user of the same name in the period
 * (one deleted and created again: another ARN, its own record).
 */
export const appLicenseUsageTable = new ResourceRepo<AppLicenseUsageDoc>(APP_LICENSE_USAGES);

/** The name of a record's row (`userArn`: only for a user other than the first of that name in the period). */
export function appLicenseUsageName(userId: string, licenseType: string, userArn?: string): string {
  return JSON.stringify(userArn === undefined ? [userId, licenseType] : [userId, licenseType, userArn]);
}

/** AWS: "yyyy-mm" (e.g. 2025-08) [Md]. */
export const BILLING_PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The billing period (yyyy-mm, UTC) of a time (epoch ms). */
export function billingPeriodOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** DECISION (SPEC-rest §9.2): the license of records that do not name one, AWS's example [Md]. */
export const DEFAULT_LICENSE_TYPE = 'Microsoft Office';

/**
 * When the subscription's last report was generated: DECISION (SPEC-rest §9.1): at the latest
 * UTC midnight that ended a day on which a session of its account and region streamed
 * (`streamedMidnightMs`, fleets/streaming-days.ts), once that midnight came after the
 * subscription was created (streaming earlier that same day counts: the report covers the
 * day); a seeded date shows until such a later midnight supersedes it.
 */
export function lastGeneratedReportMs(record: ResourceRecord<UsageReportDoc>, streamedMidnightMs: number | undefined): number | undefined {
  const derived = streamedMidnightMs !== undefined && streamedMidnightMs > record.createdMs ? streamedMidnightMs : undefined;
  const seeded = record.doc.LastGeneratedReportMs;
  return derived === undefined || (seeded !== undefined && seeded >= derived) ? seeded : derived;
}

/** The subscription as DescribeUsageReportSubscriptions shows it; `streamedMidnightMs` as in lastGeneratedReportMs. */
export function viewUsageReport(record: ResourceRecord<UsageReportDoc>, streamedMidnightMs?: number): UsageReportSubscription {
  const out: UsageReportSubscription = { S3BucketName: record.doc.S3BucketName, Schedule: 'DAILY' };
  const last = lastGeneratedReportMs(record, streamedMidnightMs);
  if (last !== undefined) out.LastGeneratedReportDate = new Date(last);
  if (record.doc.SubscriptionErrors?.length) out.SubscriptionErrors = record.doc.SubscriptionErrors.map((e) => ({ ...e })) as UsageReportSubscription['SubscriptionErrors'];
  return out;
}

export function viewAppLicenseUsage(record: ResourceRecord<AppLicenseUsageDoc>): AdminAppLicenseUsageRecord {
  return {
    UserArn: record.doc.UserArn,
    BillingPeriod: record.parent!,
    OwnerAWSAccountId: record.accountId,
    SubscriptionFirstUsedDate: new Date(record.doc.FirstUsedMs),
    SubscriptionLastUsedDate: new Date(record.doc.LastUsedMs),
    LicenseType: record.doc.LicenseType,
    UserId: record.doc.UserId,
  };
}


/** Seed section `usageReportSubscriptions`: one per account and region, with what AWS would have reported. */
const subscriptionSeed: SeedSection<ResourceRecord<UsageReportDoc>> = {
  key: 'usageReportSubscriptions',
  read(entry, index, { nowMs }) {
    const r = entryReader('usageReportSubscriptions', index, entry, 'S3BucketName');
    r.onlyKeys(['AccountId', 'Region', 'S3BucketName', 'Schedule', 'LastGeneratedReportDate', 'SubscriptionErrors', 'CreatedTime']);
    const part = entryPartition(r);
    r.oneOf('Schedule', ['DAILY']);
    const errors = entry && (entry as Record<string, unknown>)['SubscriptionErrors'];
    if (errors !== undefined && !(Array.isArray(errors) && errors.every((e) => isObj(e) && (e['ErrorCode'] === undefined || UsageReportExecutionErrorCode_VALUES.includes(e['ErrorCode'] as never))))) {
      r.fail(`SubscriptionErrors must be a list of {ErrorCode (${UsageReportExecutionErrorCode_VALUES.join(', ')}), ErrorMessage}`);
    }
    return {
      ...part,
      name: SUBSCRIPTION_NAME,
      createdMs: r.time('CreatedTime') ?? nowMs,
      schedule: [],
      goneMs: null,
      doc: compact({
        S3BucketName: r.string('S3BucketName') ?? defaultBucketName(part, 'seeded'),
        LastGeneratedReportMs: r.time('LastGeneratedReportDate'),
        SubscriptionErrors: errors as UsageReportDoc['SubscriptionErrors'],
      }),
    };
  },
  identity: (r) => `${r.accountId}/${r.region}`,
  async write(tx, record, { nowMs }) {
    await replaceRow(tx, usageReportTable, record, nowMs);
  },
};

/** The bucket AWS creates for usage reports [DG:enable-usage-reports]: `appstream-logs-<region>-<account>-<suffix>`. */
export function defaultBucketName(part: Partition, suffix: string): string {
  return `appstream-logs-${part.region}-${part.accountId}-${suffix}`;
}

/** A checked `appLicenseUsages` entry; `arnGiven`: the entry named its UserArn. */
interface SeededLicenseUsage {
  record: ResourceRecord<AppLicenseUsageDoc>;
  arnGiven: boolean;
}

/**
 * Seed section `appLicenseUsages` (SPEC-rest §4.3, §9.2): AdminAppLicenseUsageRecord members plus
 * AccountId and Region. `UserArn` defaults to the ARN of the user pool user named `UserId` when
 * there is one (created by CreateUser or seeded, with its own Arn or not), else to the ARN such a
 * user gets when seeded; `LicenseType` to DEFAULT_LICENSE_TYPE; the dates to the first day of the period.
 */
const appLicenseUsageSeed: SeedSection<SeededLicenseUsage> = {
  key: 'appLicenseUsages',
  read(entry, index) {
    const r = entryReader('appLicenseUsages', index, entry, 'UserId');
    r.onlyKeys(['AccountId', 'Region', 'BillingPeriod', 'UserId', 'UserArn', 'LicenseType', 'SubscriptionFirstUsedDate', 'SubscriptionLastUsedDate', 'OwnerAWSAccountId']);
    const part = entryPartition(r);
    const owner = r.string('OwnerAWSAccountId');
    if (owner !== undefined && owner !== part.accountId) r.fail(`OwnerAWSAccountId must be the AccountId ${part.accountId} (or left out)`);
    const period = r.string('BillingPeriod', { required: true, re: BILLING_PERIOD_RE, what: 'a billing period yyyy-mm' })!;
    const userId = r.string('UserId', { required: true })!;
    const licenseType = r.string('LicenseType') ?? DEFAULT_LICENSE_TYPE;
    const start = Date.parse(`${period}-01T00:00:00Z`);
    const first = r.time('SubscriptionFirstUsedDate') ?? start;
    const givenArn = r.string('UserArn');
    return {
      arnGiven: givenArn !== undefined,
      record: {
        ...part,
        parent: period,
        name: appLicenseUsageName(userId, licenseType),
        createdMs: first,
        schedule: [],
        goneMs: null,
        doc: { UserArn: givenArn ?? userArn(part, seededUserId(part, userId)), UserId: userId, LicenseType: licenseType, FirstUsedMs: first, LastUsedMs: r.time('SubscriptionLastUsedDate') ?? first },
      },
    };
  },
  identity: ({ record: r }) => `${r.accountId}/${r.region}/${r.parent}/${r.name}`,
  async write(tx, { record, arnGiven }, { nowMs }) {
    if (!arnGiven) {
      // The users section is written before this one (registry order), so a user of this document counts too.
      const user = await userTable.get(tx, record, record.doc.UserId, nowMs);
      if (user) record.doc.UserArn = userArn(record, user.doc.Id);
    }
    await replaceRow(tx, appLicenseUsageTable, record, nowMs);
  },
};

export const usageReportFamily: ResourceFamily = {
  kind: 'usage report subscription',
  taggable: false,
  repo: usageReportTable,
  accountColumns: [
    { table: usageReportTable.table, account: 'account_id' },
    { table: appLicenseUsageTable.table, account: 'account_id' },
  ],
  seed: [subscriptionSeed, appLicenseUsageSeed],
};
