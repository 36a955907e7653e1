// The seed document's `appBlockBuilders` (POST /_appstream/seed): app block builders written
// straight into the store. Entry: AccountId, Region, Name, `AppBlockName` or `AppBlockArn` (the
// APPSTREAM2 app block to associate), State (default STOPPED; STARTING and STOPPING settle a step
// later), and any AppBlockBuilder member (InstanceType and VpcConfig have defaults).
import { AppBlockBuilderState_VALUES } from '../../generated/enums.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { appBlockTable } from '../app-blocks/table.js';
import { ELASTIC_INSTANCE_TYPES, compact, elasticArn } from '../applications/elastic-common.js';
import { appBlockNameOf, readEntry } from '../applications/elastic-seed.js';
import type { SeedSection } from '../resources/family.js';
import { seededSchedule } from '../resources/state-machine.js';
import { SeedError } from '../seed/seed-reader.js';
import { appBlockBuilderAppBlockTable, appBlockBuilderTable, type AppBlockBuilderDoc } from './table.js';
import { APP_BLOCK_BUILDER_STATES } from './states.js';
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
  'Platform',
  'InstanceType',
  'VpcConfig',
  'EnableDefaultInternetAccess',
  'IamRoleArn',
  'AccessEndpoints',
  'DisableIMDSV1',
  'State',
  'CreatedTime',
  'Tags',
];

interface Entry {
  label: string;
  record: ResourceRecord<AppBlockBuilderDoc>;
  appBlock?: string;
  tags?: Record<string, string>;
}

export const appBlockBuilderSeed: SeedSection<Entry> = {
  key: 'appBlockBuilders',
  read(entry, index, { nowMs, stepMs }) {
    const { r, label, accountId, region, name } = readEntry('appBlockBuilders', entry, index, KEYS, 'app-block-builder');
    r.oneOf('Platform', ['WINDOWS_SERVER_2019']);
    const state = (r.oneOf('State', AppBlockBuilderState_VALUES) ?? 'STOPPED') as (typeof AppBlockBuilderState_VALUES)[number];
    const appBlock = appBlockNameOf(r, accountId, region);
    if (appBlock === undefined && state !== 'STOPPED') r.fail(`a ${state} app block builder needs an app block (AppBlockName or AppBlockArn)`);
    if (r.has('AccessEndpoints') && !(Array.isArray((entry as Record<string, unknown>)['AccessEndpoints']))) r.fail('AccessEndpoints must be a list of {EndpointType, VpceId}');
    const doc = compact<AppBlockBuilderDoc>({
      DisplayName: r.string('DisplayName', { max: 100 }),
      Description: r.string('Description', { max: 256 }),
      Platform: 'WINDOWS_SERVER_2019',
      InstanceType: r.oneOf('InstanceType', ELASTIC_INSTANCE_TYPES) ?? 'stream.standard.medium',
      VpcConfig: (r.object('VpcConfig') as AppBlockBuilderDoc['VpcConfig']) ?? { SubnetIds: ['subnet-seed-a', 'subnet-seed-b'] },
      EnableDefaultInternetAccess: r.boolean('EnableDefaultInternetAccess') ?? false,
      IamRoleArn: r.string('IamRoleArn'),
      AccessEndpoints: (entry as Record<string, unknown>)['AccessEndpoints'] as AppBlockBuilderDoc['AccessEndpoints'],
      DisableIMDSV1: r.boolean('DisableIMDSV1'),
    });
    const record: ResourceRecord<AppBlockBuilderDoc> = {
      accountId,
      region,
      name,
      createdMs: r.time('CreatedTime') ?? nowMs,
      ...seededSchedule(APP_BLOCK_BUILDER_STATES, state, nowMs, stepMs),
      doc,
    };
    return { label, record, appBlock, tags: r.tags() };
  },
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.name}`,
  async write(tx, { label, record, appBlock, tags }, { nowMs }) {
    await replaceRow(tx, appBlockBuilderTable, record, nowMs, elasticArn('app-block-builder', record, record.name), tags);
    await appBlockBuilderAppBlockTable.removeWhere(tx, record, { parent: record.name });
    if (appBlock === undefined) return;
    const block = await appBlockTable.get(tx, record, appBlock, nowMs);
    if (!block) throw new SeedError(`${label}: account ${record.accountId} has no app block ${appBlock} in ${record.region} (seed it in appBlocks)`);
    if (block.doc.PackagingType !== 'APPSTREAM2') throw new SeedError(`${label}: the app block ${appBlock} is ${block.doc.PackagingType ?? 'CUSTOM'}; builders take APPSTREAM2 app blocks`);
    const arn = elasticArn('app-block', record, appBlock);
    await appBlockBuilderAppBlockTable.insert(
      tx,
      { ...record, parent: record.name, name: arn, createdMs: nowMs, schedule: [], goneMs: null, doc: {}, refs: { app_block_arn: arn } },
      nowMs,
    );
  },
};
