// The `imageBuilders` section of the seed document: builders on a public image or on a seeded
// or stored private one. A transitional State settles as the builder state machine says.
import { findPublicImage, findPublicImageByArn } from '../../catalog/public-images.js';
import { PlatformType_VALUES } from '../../generated/enums.js';
import { imageBuilderTable, insertImageBuilder, type ImageBuilderDoc, type ImageBuilderRecord } from '../../store/builders-repo.js';
import { putTags, removeAllTags } from '../../store/tags-repo.js';
import { imageArn, imageBuilderArn, parseAppStreamArn, partitionOf } from '../arns.js';
import { seededOrStoredImage } from '../images/seed.js';
import type { SeedRun, SeedSection } from '../resources/family.js';
import { seededSchedule } from '../resources/state-machine.js';
import { ACCOUNT_RE, NAME_RE, REGION_RE, SeedError, compact, EntryReader, entryReader, isObj } from '../seed/seed-reader.js';
import { BUILDER_STATES } from './states.js';

const DEFAULT_INSTANCE_TYPE = 'stream.standard.medium';

const BUILDER_KEYS = [
  'AccountId',
  'Region',
  'Name',
  'ImageName',
  'ImageArn',
  'InstanceType',
  'State',
  'CreatedTime',
  'Tags',
  'Description',
  'DisplayName',
  'VpcConfig',
  'Platform',
  'IamRoleArn',
  'EnableDefaultInternetAccess',
  'DomainJoinInfo',
  'AppstreamAgentVersion',
  'AccessEndpoints',
  'RootVolumeConfig',
  'DisableIMDSV1',
  'StateChangeReason',
  'ImageBuilderErrors',
  // Derived ImageBuilder members: accepted, computed.
  'Arn',
  'LatestAppstreamAgentVersion',
];

interface SeedBuilder {
  label: string;
  record: ImageBuilderRecord;
  tags: Record<string, string> | undefined;
  /** The source image, resolved against the catalogue, this document or the store. */
  source: { kind: 'public'; arn: string } | { kind: 'private'; accountId: string; name: string; arn: string };
  explicitPlatform: boolean;
  explicitAgent: boolean;
}

function readBuilder(entry: unknown, index: number, { nowMs, stepMs: step }: SeedRun): SeedBuilder {
  const r: EntryReader = entryReader('imageBuilders', index, entry);
  const o = r.o;
  r.onlyKeys(BUILDER_KEYS);
  const accountId = r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!;
  const region = r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!;
  const name = r.string('Name', { required: true, re: NAME_RE, what: 'a valid image builder name' })!;
  const arn = r.string('Arn');
  if (arn !== undefined && arn !== imageBuilderArn(region, accountId, name)) r.fail(`Arn '${arn}' must be ${imageBuilderArn(region, accountId, name)} (or left out)`);
  r.oneOf('LatestAppstreamAgentVersion', ['TRUE', 'FALSE']);
  const imageName = r.string('ImageName');
  const imageArnGiven = r.string('ImageArn');
  if ((imageName === undefined) === (imageArnGiven === undefined)) r.fail('exactly one of ImageName or ImageArn is required');

  let source: SeedBuilder['source'];
  if (imageName !== undefined) {
    const pub = findPublicImage(region, imageName);
    if (pub?.image) source = { kind: 'public', arn: pub.image.Arn! };
    else source = { kind: 'private', accountId, name: imageName, arn: imageArn(region, accountId, imageName) };
  } else {
    const parsed = parseAppStreamArn(imageArnGiven!);
    if (!parsed || parsed.resourceType !== 'image' || parsed.region !== region || parsed.partition !== partitionOf(region)) {
      r.fail(`ImageArn '${imageArnGiven}' is not an image ARN of ${region}`);
    }
    if (parsed.accountId === '') {
      if (!findPublicImageByArn(region, imageArnGiven!)?.image) r.fail(`ImageArn '${imageArnGiven}' is not a public image of ${region}`);
      source = { kind: 'public', arn: imageArnGiven! };
    } else source = { kind: 'private', accountId: parsed.accountId, name: parsed.name, arn: imageArnGiven! };
  }

  const vpc = r.object('VpcConfig');
  const domain = r.object('DomainJoinInfo');
  const root = r.object('RootVolumeConfig');
  if (r.has('AccessEndpoints') && !(Array.isArray(o['AccessEndpoints']) && o['AccessEndpoints'].every(isObj))) {
    r.fail('AccessEndpoints must be a list of {EndpointType, VpceId}');
  }
  const doc: ImageBuilderDoc = compact({
    ImageArn: source.arn,
    Description: r.string('Description', { max: 256 }),
    DisplayName: r.string('DisplayName', { max: 100 }),
    VpcConfig: vpc as ImageBuilderDoc['VpcConfig'],
    InstanceType: r.string('InstanceType') ?? DEFAULT_INSTANCE_TYPE,
    Platform: r.oneOf('Platform', PlatformType_VALUES),
    IamRoleArn: r.string('IamRoleArn'),
    EnableDefaultInternetAccess: r.boolean('EnableDefaultInternetAccess'),
    DomainJoinInfo: domain as ImageBuilderDoc['DomainJoinInfo'],
    AppstreamAgentVersion: r.string('AppstreamAgentVersion'),
    AccessEndpoints: o['AccessEndpoints'] as ImageBuilderDoc['AccessEndpoints'],
    RootVolumeConfig: root as ImageBuilderDoc['RootVolumeConfig'],
    DisableIMDSV1: r.boolean('DisableIMDSV1'),
    StateChangeReason: r.stateChangeReason(null),
    ImageBuilderErrors: r.errors('ImageBuilderErrors'),
  });
  const state = r.oneOf('State', BUILDER_STATES.states) ?? 'RUNNING';
  const { schedule, goneMs } = seededSchedule(BUILDER_STATES, state, nowMs, step);
  return {
    label: r.label,
    record: { accountId, region, name, createdMs: r.time('CreatedTime') ?? nowMs, schedule, goneMs, doc },
    tags: r.tags(),
    source,
    explicitPlatform: doc.Platform !== undefined,
    explicitAgent: doc.AppstreamAgentVersion !== undefined,
  };
}

export const imageBuilderSeed: SeedSection<SeedBuilder> = {
  key: 'imageBuilders',
  read: readBuilder,
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.name}`,
  async write(tx, b, run) {
      const { record } = b;
      if (b.source.kind === 'public') {
        const base = findPublicImageByArn(record.region, b.source.arn)!.image!;
        if (!b.explicitPlatform) record.doc.Platform = base.Platform;
        if (!b.explicitAgent) record.doc.AppstreamAgentVersion = base.AppstreamAgentVersion;
        record.doc.Source = compact({
          PublicBaseImageReleasedDate: base.PublicBaseImageReleasedDate?.getTime(),
          SupportedInstanceFamilies: base.SupportedInstanceFamilies ? [...base.SupportedInstanceFamilies] : undefined,
        });
      } else {
        const image = await seededOrStoredImage(tx, run, b.source.accountId, record.region, b.source.name);
        if (!image) throw new SeedError(`${b.label}: account ${b.source.accountId} has no image ${b.source.name} in ${record.region} (seed it in images)`);
        if (!b.explicitPlatform) record.doc.Platform = image.doc.Platform;
        if (!b.explicitAgent) record.doc.AppstreamAgentVersion = image.doc.AppstreamAgentVersion;
        record.doc.Source = compact({
          BaseImageArn: image.doc.BaseImageArn,
          PublicBaseImageReleasedDate: image.doc.PublicBaseImageReleasedDate,
          SupportedInstanceFamilies: image.doc.SupportedInstanceFamilies,
          DynamicAppProvidersEnabled: image.doc.DynamicAppProvidersEnabled,
        });
      }
      compact(record.doc);
      await imageBuilderTable.remove(tx, record, record.name);
      await insertImageBuilder(tx, record, run.nowMs);
      const arn = imageBuilderArn(record.region, record.accountId, record.name);
      await removeAllTags(tx, arn);
      if (b.tags) await putTags(tx, arn, b.tags);
  },
};
