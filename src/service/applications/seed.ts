// The seed document's `applications` (POST /_appstream/seed): applications written straight into
// the store, with their fleet associations. Entry: AccountId, Region, Name, AppBlockName or
// AppBlockArn (an app block of the store or of this document's appBlocks), `Fleets` (names of
// existing fleets to associate), and any Application member (LaunchPath, IconS3Location,
// Platforms and InstanceFamilies have defaults).
import type { ResourceRecord } from '../../store/resource-repo.js';
import { appBlockTable } from '../app-blocks/table.js';
import { fleetTable } from '../fleets/family.js';
import type { SeedSection } from '../resources/family.js';
import { SeedError } from '../seed/seed-reader.js';
import { APPLICATION_INSTANCE_FAMILIES, ELASTIC_PLATFORMS, compact, elasticArn } from './elastic-common.js';
import { appBlockNameOf, readEntry } from './elastic-seed.js';
import { applicationFleetTable, applicationTable, type ApplicationDoc } from './table.js';
import { replaceRow } from '../seed/replace-row.js';

const KEYS = [
  'AccountId',
  'Region',
  'Name',
  'Arn',
  'AppBlockName',
  'AppBlockArn',
  'DisplayName',
  'Description',
  'IconS3Location',
  'LaunchPath',
  'LaunchParameters',
  'WorkingDirectory',
  'Platforms',
  'InstanceFamilies',
  'CreatedTime',
  'Fleets',
  'Tags',
];

interface Entry {
  label: string;
  record: ResourceRecord<ApplicationDoc>;
  appBlock: string;
  fleets: string[];
  tags?: Record<string, string>;
}

export const applicationSeed: SeedSection<Entry> = {
  key: 'applications',
  read(entry, index, { nowMs }) {
    const { r, label, accountId, region, name } = readEntry('applications', entry, index, KEYS, 'application');
    const appBlock = appBlockNameOf(r, accountId, region) ?? r.fail('AppBlockName or AppBlockArn is required');
    const platforms = r.stringList('Platforms') ?? ['WINDOWS_SERVER_2019'];
    for (const p of platforms) if (!(ELASTIC_PLATFORMS as readonly string[]).includes(p)) r.fail(`Platforms: '${p}' must be one of ${ELASTIC_PLATFORMS.join(', ')}`);
    const families = r.stringList('InstanceFamilies') ?? ['GENERAL_PURPOSE'];
    for (const f of families) if (!(APPLICATION_INSTANCE_FAMILIES as readonly string[]).includes(f)) r.fail(`InstanceFamilies: '${f}' must be one of ${APPLICATION_INSTANCE_FAMILIES.join(', ')}`);
    const doc = compact<ApplicationDoc>({
      DisplayName: r.string('DisplayName', { max: 100 }),
      Description: r.string('Description', { max: 256 }),
      IconS3Location: (r.object('IconS3Location') as ApplicationDoc['IconS3Location']) ?? { S3Bucket: 'appstream-local-seed', S3Key: `icons/${name}.png` },
      LaunchPath: r.string('LaunchPath') ?? `C:\\Program Files\\${name}\\${name}.exe`,
      LaunchParameters: r.string('LaunchParameters'),
      WorkingDirectory: r.string('WorkingDirectory'),
      Platforms: platforms as ApplicationDoc['Platforms'],
      InstanceFamilies: families,
      AppBlockArn: elasticArn('app-block', { accountId, region }, appBlock),
    });
    const record: ResourceRecord<ApplicationDoc> = {
      accountId,
      region,
      name,
      createdMs: r.time('CreatedTime') ?? nowMs,
      schedule: [],
      goneMs: null,
      doc,
      refs: { app_block_arn: doc.AppBlockArn! },
    };
    return { label, record, appBlock, fleets: [...new Set<string>(r.stringList('Fleets') ?? [])], tags: r.tags() };
  },
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.name}`,
  async write(tx, { label, record, appBlock, fleets, tags }, { nowMs }) {
    if (!(await appBlockTable.get(tx, record, appBlock, nowMs))) {
      throw new SeedError(`${label}: account ${record.accountId} has no app block ${appBlock} in ${record.region} (seed it in appBlocks)`);
    }
    const arn = elasticArn('application', record, record.name);
    await replaceRow(tx, applicationTable, record, nowMs, arn, tags);
    await applicationFleetTable.removeWhere(tx, record, { column: 'application_arn', value: arn });
    for (const fleet of fleets) {
      const f = await fleetTable.get(tx, record, fleet, nowMs);
      if (!f) throw new SeedError(`${label}: account ${record.accountId} has no fleet ${fleet} in ${record.region}`);
      if (f.doc.FleetType !== 'ELASTIC') throw new SeedError(`${label}: the fleet ${fleet} is ${f.doc.FleetType ?? 'ON_DEMAND'}; applications go on Elastic fleets only`);
      await applicationFleetTable.insert(
        tx,
        { ...record, parent: fleet, name: arn, createdMs: nowMs, schedule: [], goneMs: null, doc: {}, refs: { application_arn: arn } },
        nowMs,
      );
    }
  },
};
