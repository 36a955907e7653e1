// What the Elastic families' seed sections (POST /_appstream/seed) share: reading an entry's
// partition and name (rows are replaced with seed/replace-row.ts, as every family's are).
import { ACCOUNT_RE, EntryReader, NAME_RE, REGION_RE, SeedError, entryLabel, isObj } from '../seed/seed-reader.js';
import { elasticArn, type ElasticArnType } from './elastic-common.js';

/** An entry's reader and its (account, region, name); `Arn`, when given, must be the resource's. */
export function readEntry(key: string, entry: unknown, index: number, allowed: readonly string[], arnType?: ElasticArnType, nameKey = 'Name') {
  // The label names the entry by its key member (`Name`, or e.g. `TaskId`).
  const label = entryLabel(key, index, isObj(entry) ? { Name: entry[nameKey] } : entry);
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  const r = new EntryReader(label, entry);
  r.onlyKeys(allowed);
  const accountId = r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!;
  const region = r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!;
  const name = nameKey === 'Name' ? r.string('Name', { required: true, re: NAME_RE, what: 'a valid name' })! : '';
  if (arnType) {
    const arn = r.string('Arn');
    const expected = elasticArn(arnType, { accountId, region }, name);
    if (arn !== undefined && arn !== expected) r.fail(`Arn '${arn}' must be ${expected} (or left out)`);
  }
  return { r, label, accountId, region, name };
}

/** The name of an app block given as `AppBlockName` or `AppBlockArn` (of the entry's account and region), if either is. */
export function appBlockNameOf(r: EntryReader, accountId: string, region: string): string | undefined {
  const name = r.string('AppBlockName', { re: NAME_RE, what: 'a valid app block name' });
  const arn = r.string('AppBlockArn');
  if (name !== undefined && arn !== undefined) r.fail('give AppBlockName or AppBlockArn, not both');
  if (arn === undefined) return name;
  const prefix = elasticArn('app-block', { accountId, region }, '');
  if (!arn.startsWith(prefix) || !NAME_RE.test(arn.slice(prefix.length))) r.fail(`AppBlockArn '${arn}' is not an app block ARN of ${accountId} in ${region}`);
  return arn.slice(prefix.length);
}

