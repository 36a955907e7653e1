// App license usage records from sessions (SPEC-rest §9.2): a user pool user signing in to a
// fleet whose image includes licensed applications (fleets/fleet-image.ts
// runsLicenseIncludedImage) is a use of that license in the billing period of the sign-in.
// Written by the session's write, so DescribeAppLicenseUsage stays a keyset page of its table.
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { userArn, userTable } from '../users/family.js';
import { appLicenseUsageName, appLicenseUsageTable, billingPeriodOf, DEFAULT_LICENSE_TYPE } from './family.js';

/**
 * Records a use by user pool user `userName` at `nowMs` (inside the write that opened or resumed
 * its session): the record of the use's billing period (yyyy-mm, UTC) is created, or its first
 * and last use widened. DECISION: a use is a sign-in (a session opened, or a live one reused);
 * its time is the sign-in's; the license type is DEFAULT_LICENSE_TYPE. UserId is the user's
 * UserName (what a session's UserId holds), UserArn the user's ARN as DescribeUsers shows it.
 */
export async function recordAppLicenseUse(tx: SqlDb, part: Partition, userName: string, nowMs: number): Promise<void> {
  const user = await userTable.get(tx, part, userName, nowMs);
  if (!user) return;
  const period = billingPeriodOf(nowMs);
  const arn = userArn(part, user.doc.Id);
  let name = appLicenseUsageName(userName, DEFAULT_LICENSE_TYPE);
  let record = await appLicenseUsageTable.get(tx, part, name, nowMs, period);
  // The period's record of a user of this name deleted since: this user's is another.
  if (record && record.doc.UserArn !== arn) {
    name = appLicenseUsageName(userName, DEFAULT_LICENSE_TYPE, arn);
    record = await appLicenseUsageTable.get(tx, part, name, nowMs, period);
  }
  if (record) {
    record.doc = { ...record.doc, FirstUsedMs: Math.min(record.doc.FirstUsedMs, nowMs), LastUsedMs: Math.max(record.doc.LastUsedMs, nowMs) };
    await appLicenseUsageTable.update(tx, record);
    return;
  }
  await appLicenseUsageTable.insert(
    tx,
    {
      ...part,
      parent: period,
      name,
      createdMs: nowMs,
      schedule: [],
      goneMs: null,
      doc: { UserArn: arn, UserId: userName, LicenseType: DEFAULT_LICENSE_TYPE, FirstUsedMs: nowMs, LastUsedMs: nowMs },
    },
    nowMs,
  );
}
