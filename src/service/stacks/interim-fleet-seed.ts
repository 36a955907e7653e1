// INTERIM: a `fleets` seed section, so that the stacks family's tests can have fleets before the
// fleets family (built in parallel) serves CreateFleet and declares its own `fleets` section.
// When both exist, the fleets family's section replaces this one (drop it from
// STACK_SEED_SECTIONS and delete this file). It writes what stacks read of a fleet: its state
// (schedule), Platform, DomainJoinInfo and the members AWS always returns.
import { FleetType_VALUES, PlatformType_VALUES } from '../../generated/enums.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { putTags, removeAllTags } from '../../store/tags-repo.js';
import { partitionOf } from '../arns.js';
import { FLEET_STATES, fleetTable, type FleetDoc } from '../fleets/family.js';
import type { SeedSection } from '../resources/family.js';
import { seededSchedule } from '../resources/state-machine.js';
import { ACCOUNT_RE, compact, entryReader, NAME_RE, REGION_RE } from '../seed/seed-reader.js';

interface SeedFleet {
  record: ResourceRecord<FleetDoc>;
  tags: Record<string, string> | undefined;
}

const KEYS = ['AccountId', 'Region', 'Name', 'State', 'Platform', 'InstanceType', 'ImageName', 'FleetType', 'DomainJoinInfo', 'CreatedTime', 'Tags'];

export const INTERIM_FLEET_SEED: SeedSection<SeedFleet> = {
  key: 'fleets',
  read(entry, index, at) {
    const r = entryReader('fleets', index, entry);
    r.onlyKeys(KEYS);
    const accountId = r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!;
    const region = r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!;
    const name = r.string('Name', { required: true, re: NAME_RE, what: 'a valid fleet name' })!;
    const state = (r.oneOf('State', FLEET_STATES.states) ?? 'STOPPED') as (typeof FLEET_STATES.states)[number];
    const imageName = r.string('ImageName') ?? 'AppStream-WinServer2022-11-10-2025';
    const domain = r.object('DomainJoinInfo');
    const doc: FleetDoc = compact({
      InstanceType: r.string('InstanceType') ?? 'stream.standard.medium',
      Platform: (r.oneOf('Platform', PlatformType_VALUES) ?? 'WINDOWS_SERVER_2022') as FleetDoc['Platform'],
      FleetType: (r.oneOf('FleetType', FleetType_VALUES) ?? 'ON_DEMAND') as FleetDoc['FleetType'],
      ImageName: imageName,
      ImageArn: `arn:${partitionOf(region)}:appstream:${region}::image/${imageName}`,
      ComputeCapacity: { DesiredInstances: 1 },
      MaxUserDurationInSeconds: 57600,
      DisconnectTimeoutInSeconds: 900,
      EnableDefaultInternetAccess: false,
      StreamView: 'APP',
      DomainJoinInfo: domain as FleetDoc['DomainJoinInfo'],
    });
    const directory = typeof domain?.['DirectoryName'] === 'string' ? domain['DirectoryName'] : null;
    const { schedule, goneMs } = seededSchedule(FLEET_STATES, state, at.nowMs, at.stepMs);
    return {
      record: {
        accountId,
        region,
        name,
        createdMs: r.time('CreatedTime') ?? at.nowMs,
        schedule,
        goneMs,
        doc,
        refs: { image_name: imageName, directory_name: directory },
      },
      tags: r.tags(),
    };
  },
  identity: ({ record }) => `fleet:${record.accountId}/${record.region}/${record.name}`,
  async write(tx, { record, tags }, run) {
    await fleetTable.remove(tx, record, record.name);
    await fleetTable.insert(tx, record, run.nowMs);
    const arn = `arn:${partitionOf(record.region)}:appstream:${record.region}:${record.accountId}:fleet/${record.name}`;
    await removeAllTags(tx, arn);
    if (tags) await putTags(tx, arn, tags);
  },
};
