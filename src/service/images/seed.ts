// The `images` section of the seed document: private images written straight into the store
// (SPEC §4 fixtures). A transitional State settles as the image state machine says.
import { findPublicImage, publicImageArn } from '../../catalog/public-images.js';
import { ImageStateChangeReasonCode_VALUES, ImageType_VALUES, PlatformType_VALUES } from '../../generated/enums.js';
import { getImage, imageTable, insertImage, type ImageDoc, type ImageRecord } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { putTags, removeAllTags } from '../../store/tags-repo.js';
import { imageArn, parseAppStreamArn } from '../arns.js';
import type { SeedRun, SeedSection } from '../resources/family.js';
import { seededSchedule } from '../resources/state-machine.js';
import { ACCOUNT_RE, NAME_RE, REGION_RE, compact, EntryReader, entryReader, isObj, SeedError } from '../seed/seed-reader.js';
import { IMAGE_STATES } from './states.js';

const IMAGE_KEYS = [
  'AccountId',
  'Region',
  'Name',
  'State',
  'CreatedTime',
  'BaseImageName',
  'Tags',
  // Stored Image members.
  'DisplayName',
  'Description',
  'BaseImageArn',
  'ImageBuilderName',
  'ImageBuilderSupported',
  'Platform',
  'ImageType',
  'Applications',
  'PublicBaseImageReleasedDate',
  'AppstreamAgentVersion',
  'SupportedInstanceFamilies',
  'DynamicAppProvidersEnabled',
  'ManagedSoftwareIncluded',
  'StateChangeReason',
  'ImageErrors',
  // Derived Image members: accepted (a DescribeImages answer can be seeded back) but computed.
  'Arn',
  'Visibility',
  'ImagePermissions',
  'ImageSharedWithOthers',
  'LatestAppstreamAgentVersion',
];

/** The platform of a seeded image that names none (see readImage). */
export const SEEDED_IMAGE_PLATFORM = 'WINDOWS_SERVER_2022';

export interface SeedImage {
  label: string;
  record: ImageRecord;
  tags: Record<string, string> | undefined;
}

function readImage(entry: unknown, index: number, { nowMs, stepMs: step }: SeedRun): SeedImage {
  const r: EntryReader = entryReader('images', index, entry);
  const o = r.o;
  r.onlyKeys(IMAGE_KEYS);
  const accountId = r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!;
  const region = r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!;
  const name = r.string('Name', { required: true, re: NAME_RE, what: 'a valid image name (^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$)' })!;
  const arn = r.string('Arn');
  if (arn !== undefined && arn !== imageArn(region, accountId, name)) r.fail(`Arn '${arn}' must be ${imageArn(region, accountId, name)} (or left out)`);
  const visibility = r.string('Visibility');
  if (visibility !== undefined && visibility !== 'PRIVATE') {
    r.fail(`Visibility '${visibility}': only PRIVATE images can be seeded (public images are the catalogue; share with imagePermissions)`);
  }
  if (r.has('ImagePermissions') && !isObj(o['ImagePermissions'])) r.fail('ImagePermissions must be an object');
  r.oneOf('ImageSharedWithOthers', ['TRUE', 'FALSE']);
  r.oneOf('LatestAppstreamAgentVersion', ['TRUE', 'FALSE']);

  const doc: ImageDoc = {};
  const baseName = r.string('BaseImageName');
  if (baseName !== undefined) {
    const base = findPublicImage(region, baseName);
    if (!base?.image) r.fail(`BaseImageName '${baseName}' is not a public image of ${region}${base?.deprecated ? ' (it is deprecated)' : ''}`);
    doc.BaseImageArn = publicImageArn(region, baseName);
    doc.Platform = base.image.Platform;
    doc.PublicBaseImageReleasedDate = base.image.PublicBaseImageReleasedDate?.getTime();
    doc.SupportedInstanceFamilies = base.image.SupportedInstanceFamilies ? [...base.image.SupportedInstanceFamilies] : undefined;
    doc.AppstreamAgentVersion = base.image.AppstreamAgentVersion;
  }
  const explicit: ImageDoc = {
    DisplayName: r.string('DisplayName', { max: 100 }),
    Description: r.string('Description', { max: 256 }),
    BaseImageArn: r.string('BaseImageArn'),
    ImageBuilderName: r.string('ImageBuilderName'),
    ImageBuilderSupported: r.boolean('ImageBuilderSupported'),
    Platform: r.oneOf('Platform', PlatformType_VALUES),
    ImageType: r.oneOf('ImageType', ImageType_VALUES),
    PublicBaseImageReleasedDate: r.time('PublicBaseImageReleasedDate'),
    AppstreamAgentVersion: r.string('AppstreamAgentVersion'),
    SupportedInstanceFamilies: r.stringList('SupportedInstanceFamilies'),
    DynamicAppProvidersEnabled: r.oneOf('DynamicAppProvidersEnabled', ['ENABLED', 'DISABLED']),
    ManagedSoftwareIncluded: r.boolean('ManagedSoftwareIncluded'),
    StateChangeReason: r.stateChangeReason(ImageStateChangeReasonCode_VALUES),
    ImageErrors: r.errors('ImageErrors'),
  };
  if (r.has('Applications')) {
    const apps = o['Applications'];
    if (!Array.isArray(apps) || !apps.every(isObj)) r.fail('Applications must be a list of Application objects');
    explicit.Applications = apps;
  }
  Object.assign(doc, compact(explicit));
  doc.ImageType ??= 'NATIVE';
  // DECISION: an image seeded with neither Platform nor BaseImageName runs Windows Server 2022
  // (AWS's images always have a platform, and fleets made from one carry it, Terraform reads it).
  doc.Platform ??= SEEDED_IMAGE_PLATFORM;
  if (doc.BaseImageArn !== undefined && !parseAppStreamArn(doc.BaseImageArn)) r.fail(`BaseImageArn '${doc.BaseImageArn}' is not an AppStream image ARN`);

  const state = r.oneOf('State', IMAGE_STATES.states) ?? 'AVAILABLE';
  const { schedule, goneMs } = seededSchedule(IMAGE_STATES, state, nowMs, step);
  const createdMs = r.time('CreatedTime') ?? nowMs;
  return { label: r.label, record: { accountId, region, name, createdMs, schedule, goneMs, doc: compact(doc) }, tags: r.tags() };
}


const key = (accountId: string, region: string, name: string) => `image:${accountId}/${region}/${name}`;

/** An image of this document (written before) or of the store, existing at the run's now. */
export async function seededOrStoredImage(tx: SqlDb, run: SeedRun, accountId: string, region: string, name: string): Promise<ImageRecord | undefined> {
  return (run.written.get(key(accountId, region, name)) as ImageRecord | undefined) ?? (await getImage(tx, accountId, region, name, run.nowMs));
}

export const imageSeed: SeedSection<SeedImage> = {
  key: 'images',
  read: readImage,
  identity: ({ record }) => key(record.accountId, record.region, record.name),
  async write(tx, { label, record, tags }, run) {
    // As DeleteImage refuses a shared image (SPEC §4), a seed does not make one DELETING: its
    // shares would outlive it and come back on the next image of its name.
    if (record.goneMs !== null && (await getImage(tx, record.accountId, record.region, record.name, run.nowMs))?.sharedWithOthers) {
      throw new SeedError(`${label}: image ${record.name} is shared (imagePermissions), so it cannot be seeded DELETING: remove its shares first`);
    }
    await imageTable.remove(tx, record, record.name);
    await insertImage(tx, record, run.nowMs);
    const arn = imageArn(record.region, record.accountId, record.name);
    await removeAllTags(tx, arn);
    if (tags) await putTags(tx, arn, tags);
    run.written.set(key(record.accountId, record.region, record.name), record);
  },
};
