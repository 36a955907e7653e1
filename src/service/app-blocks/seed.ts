// The seed document's `appBlocks` (POST /_appstream/seed): app blocks written straight into the
// store. Entry: AccountId, Region, Name, and any AppBlock member (SourceS3Location defaults to
// s3://appstream-local-seed/<name>; State defaults to ACTIVE for CUSTOM, INACTIVE for APPSTREAM2).
import { AppBlockState_VALUES, PackagingType_VALUES } from '../../generated/enums.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { compact, elasticArn } from '../applications/elastic-common.js';
import { readEntry } from '../applications/elastic-seed.js';
import type { SeedSection } from '../resources/family.js';
import { newSchedule } from '../../core/schedule.js';
import { appBlockTable, type AppBlockDoc } from './table.js';
import { replaceRow } from '../seed/replace-row.js';

const KEYS = ['AccountId', 'Region', 'Name', 'Arn', 'DisplayName', 'Description', 'SourceS3Location', 'SetupScriptDetails', 'PostSetupScriptDetails', 'PackagingType', 'State', 'CreatedTime', 'AppBlockErrors', 'Tags'];

interface Entry {
  record: ResourceRecord<AppBlockDoc>;
  tags?: Record<string, string>;
}

export const appBlockSeed: SeedSection<Entry> = {
  key: 'appBlocks',
  read(entry, index, { nowMs }) {
    const { r, accountId, region, name } = readEntry('appBlocks', entry, index, KEYS, 'app-block');
    const packaging = (r.oneOf('PackagingType', PackagingType_VALUES) ?? 'CUSTOM') as AppBlockDoc['PackagingType'];
    const state = r.oneOf('State', AppBlockState_VALUES) ?? (packaging === 'APPSTREAM2' ? 'INACTIVE' : 'ACTIVE');
    const doc = compact<AppBlockDoc>({
      DisplayName: r.string('DisplayName', { max: 100 }),
      Description: r.string('Description', { max: 256 }),
      SourceS3Location: (r.object('SourceS3Location') as AppBlockDoc['SourceS3Location']) ?? { S3Bucket: 'appstream-local-seed', S3Key: name },
      SetupScriptDetails: r.object('SetupScriptDetails') as AppBlockDoc['SetupScriptDetails'],
      PostSetupScriptDetails: r.object('PostSetupScriptDetails') as AppBlockDoc['PostSetupScriptDetails'],
      PackagingType: packaging,
      AppBlockErrors: r.errors('AppBlockErrors')?.map((e) => compact({ ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage })),
    });
    const createdMs = r.time('CreatedTime') ?? nowMs;
    return { record: { accountId, region, name, createdMs, schedule: newSchedule(nowMs, 0, state), goneMs: null, doc }, tags: r.tags() };
  },
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.name}`,
  async write(tx, { record, tags }, { nowMs }) {
    await replaceRow(tx, appBlockTable, record, nowMs, elasticArn('app-block', record, record.name), tags);
  },
};
