// Seeding: images, shares and image builders written straight into the store, so that
// private and shared images (and builders) exist without driving the lifecycle. Used by
// POST /_appstream/seed, `start --seed FILE` and the console.
//
// Rules:
// - every entry is checked before anything is written, and everything is written in one
//   transaction: a bad entry answers a SeedError naming it (`images[3] ("my-image"): ...`)
//   and nothing is written;
// - quotas do not apply; name rules are the model's (`Name`'s pattern), reserved prefixes
//   (aws, appstream, amazon) are allowed so that test data can look like anything;
// - DECISION: seeding is idempotent: an entry replaces an existing row with the same key
//   (account, region, name / image + shared account), so a `--seed FILE` on a persistent
//   store can be loaded at every start. An image entry's Tags replace the image's tags;
// - a seeded image or builder in a transitional state moves on to its settled state after
//   deps.settings.transitionSeconds (PENDING/CREATING/COPYING/IMPORTING/VALIDATING ->
//   AVAILABLE, DELETING -> gone; builders PENDING/REBOOTING/UPDATING... -> RUNNING,
//   STOPPING/SNAPSHOTTING -> STOPPED, DELETING -> gone), so tests and the console can watch it.
import { findPublicImage, findPublicImageByArn, publicImageArn } from '../../catalog/public-images.js';
import type { ImageBuilderDoc, ImageBuilderRecord } from '../../store/builders-repo.js';
import { insertImageBuilder } from '../../store/builders-repo.js';
import type { ImageDoc, ImageRecord } from '../../store/images-repo.js';
import { getImage, insertImage } from '../../store/images-repo.js';
import { putImagePermission } from '../../store/permissions-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { putTags, removeAllTags } from '../../store/tags-repo.js';
import { imageArn, imageBuilderArn, parseAppStreamArn, partitionOf } from '../arns.js';
import type { ScheduledState } from '../../core/schedule.js';
import type { ServiceDeps } from '../service-deps.js';
import type { SeedSection } from '../resources/family.js';
import { FAMILIES } from '../resources/registry.js';
import { MAX_TAGS_PER_RESOURCE } from '../tags/tag-handlers.js';
import { compact, EntryReader, isObj, SeedError, ACCOUNT_RE, REGION_RE, NAME_RE, type Obj } from './entry-reader.js';

export { SeedError };


export interface SeedCounts {
  images: number;
  imagePermissions: number;
  imageBuilders: number;
  /** The families' sections (SeedSection), by key. */
  [section: string]: number;
}

/** The seed sections the registry's families declare, in registry order (parents first). */
function familySections(): SeedSection[] {
  return FAMILIES.flatMap((f) => f.seed ?? []);
}


const IMAGE_STATES = ['PENDING', 'AVAILABLE', 'FAILED', 'COPYING', 'DELETING', 'CREATING', 'IMPORTING', 'VALIDATING'] as const;
/** Transitional image states and where they settle (null: the image goes away). */
const IMAGE_SETTLES: Record<string, string | null> = {
  PENDING: 'AVAILABLE',
  CREATING: 'AVAILABLE',
  COPYING: 'AVAILABLE',
  IMPORTING: 'AVAILABLE',
  VALIDATING: 'AVAILABLE',
  DELETING: null,
};
const BUILDER_STATES = [
  'PENDING',
  'UPDATING_AGENT',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'REBOOTING',
  'SNAPSHOTTING',
  'DELETING',
  'FAILED',
  'UPDATING',
  'PENDING_QUALIFICATION',
  'PENDING_SYNCING_APPS',
  'SYNCING_APPS',
  'PENDING_IMAGE_IMPORT',
] as const;
const BUILDER_SETTLES: Record<string, string | null> = {
  PENDING: 'RUNNING',
  UPDATING_AGENT: 'RUNNING',
  REBOOTING: 'RUNNING',
  UPDATING: 'RUNNING',
  PENDING_QUALIFICATION: 'RUNNING',
  PENDING_SYNCING_APPS: 'RUNNING',
  SYNCING_APPS: 'RUNNING',
  PENDING_IMAGE_IMPORT: 'RUNNING',
  STOPPING: 'STOPPED',
  SNAPSHOTTING: 'STOPPED',
  DELETING: null,
};
const PLATFORMS = [
  'WINDOWS',
  'WINDOWS_SERVER_2016',
  'WINDOWS_SERVER_2019',
  'WINDOWS_SERVER_2022',
  'WINDOWS_SERVER_2025',
  'AMAZON_LINUX2',
  'RHEL8',
  'ROCKY_LINUX8',
  'UBUNTU_PRO_2404',
];
const IMAGE_TYPES = ['CUSTOM', 'NATIVE', 'BYOL'];
const STATE_CHANGE_CODES = ['INTERNAL_ERROR', 'IMAGE_BUILDER_NOT_AVAILABLE', 'IMAGE_COPY_FAILURE', 'IMAGE_UPDATE_FAILURE', 'IMAGE_IMPORT_FAILURE'];
const DEFAULT_INSTANCE_TYPE = 'stream.standard.medium';




/** A schedule that starts in `state` now and settles after one step (or stays). */
function seededSchedule(state: string, settles: Record<string, string | null>, nowMs: number, step: number): { schedule: ScheduledState[]; goneMs: number | null } {
  if (!(state in settles)) return { schedule: [{ state, atMs: nowMs }], goneMs: null };
  const next = settles[state];
  if (next === null) return { schedule: [{ state, atMs: nowMs }], goneMs: nowMs + step };
  return { schedule: [{ state, atMs: nowMs }, { state: next!, atMs: nowMs + step }], goneMs: null };
}

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

interface SeedImage {
  record: ImageRecord;
  tags: Record<string, string> | undefined;
}

function readImage(entry: unknown, index: number, nowMs: number, step: number): SeedImage {
  const nameHint = isObj(entry) && typeof entry['Name'] === 'string' ? ` ("${entry['Name']}")` : '';
  const label = `images[${index}]${nameHint}`;
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  const r: EntryReader = new EntryReader(label, entry);
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
  if (r.has('ImagePermissions') && !isObj(entry['ImagePermissions'])) r.fail('ImagePermissions must be an object');
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
    Platform: r.oneOf('Platform', PLATFORMS),
    ImageType: r.oneOf('ImageType', IMAGE_TYPES),
    PublicBaseImageReleasedDate: r.time('PublicBaseImageReleasedDate'),
    AppstreamAgentVersion: r.string('AppstreamAgentVersion'),
    SupportedInstanceFamilies: r.stringList('SupportedInstanceFamilies'),
    DynamicAppProvidersEnabled: r.oneOf('DynamicAppProvidersEnabled', ['ENABLED', 'DISABLED']),
    ManagedSoftwareIncluded: r.boolean('ManagedSoftwareIncluded'),
    StateChangeReason: r.stateChangeReason(STATE_CHANGE_CODES),
    ImageErrors: r.errors('ImageErrors'),
  };
  if (r.has('Applications')) {
    const apps = entry['Applications'];
    if (!Array.isArray(apps) || !apps.every(isObj)) r.fail('Applications must be a list of Application objects');
    explicit.Applications = apps;
  }
  Object.assign(doc, compact(explicit));
  doc.ImageType ??= 'NATIVE';
  if (doc.BaseImageArn !== undefined && !parseAppStreamArn(doc.BaseImageArn)) r.fail(`BaseImageArn '${doc.BaseImageArn}' is not an AppStream image ARN`);

  const state = r.oneOf('State', IMAGE_STATES) ?? 'AVAILABLE';
  const { schedule, goneMs } = seededSchedule(state, IMAGE_SETTLES, nowMs, step);
  const createdMs = r.time('CreatedTime') ?? nowMs;
  return { record: { accountId, region, name, createdMs, schedule, goneMs, doc: compact(doc) }, tags: r.tags(MAX_TAGS_PER_RESOURCE) };
}

interface SeedPermission {
  label: string;
  ownerAccountId: string;
  region: string;
  imageName: string;
  sharedAccountId: string;
  allowFleet: boolean;
  allowImageBuilder: boolean;
}

function readPermission(entry: unknown, index: number): SeedPermission {
  const label = `imagePermissions[${index}]${isObj(entry) && typeof entry['Name'] === 'string' ? ` ("${entry['Name']}")` : ''}`;
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  const r: EntryReader = new EntryReader(label, entry);
  r.onlyKeys(['AccountId', 'Region', 'Name', 'SharedAccountId', 'allowFleet', 'allowImageBuilder']);
  const p: SeedPermission = {
    label,
    ownerAccountId: r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    region: r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!,
    imageName: r.string('Name', { required: true, re: NAME_RE, what: 'a valid image name' })!,
    sharedAccountId: r.string('SharedAccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    // Same default as UpdateImagePermissions: what is not granted is false.
    allowFleet: r.boolean('allowFleet') ?? false,
    allowImageBuilder: r.boolean('allowImageBuilder') ?? false,
  };
  if (p.sharedAccountId === p.ownerAccountId) r.fail('SharedAccountId must not be the owner (AccountId)');
  return p;
}

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

function readBuilder(entry: unknown, index: number, nowMs: number, step: number): SeedBuilder {
  const label = `imageBuilders[${index}]${isObj(entry) && typeof entry['Name'] === 'string' ? ` ("${entry['Name']}")` : ''}`;
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  const r: EntryReader = new EntryReader(label, entry);
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
  if (r.has('AccessEndpoints') && !(Array.isArray(entry['AccessEndpoints']) && entry['AccessEndpoints'].every(isObj))) {
    r.fail('AccessEndpoints must be a list of {EndpointType, VpceId}');
  }
  const doc: ImageBuilderDoc = compact({
    ImageArn: source.arn,
    Description: r.string('Description', { max: 256 }),
    DisplayName: r.string('DisplayName', { max: 100 }),
    VpcConfig: vpc as ImageBuilderDoc['VpcConfig'],
    InstanceType: r.string('InstanceType') ?? DEFAULT_INSTANCE_TYPE,
    Platform: r.oneOf('Platform', PLATFORMS),
    IamRoleArn: r.string('IamRoleArn'),
    EnableDefaultInternetAccess: r.boolean('EnableDefaultInternetAccess'),
    DomainJoinInfo: domain as ImageBuilderDoc['DomainJoinInfo'],
    AppstreamAgentVersion: r.string('AppstreamAgentVersion'),
    AccessEndpoints: entry['AccessEndpoints'] as ImageBuilderDoc['AccessEndpoints'],
    RootVolumeConfig: root as ImageBuilderDoc['RootVolumeConfig'],
    DisableIMDSV1: r.boolean('DisableIMDSV1'),
    StateChangeReason: r.stateChangeReason(null),
    ImageBuilderErrors: r.errors('ImageBuilderErrors'),
  });
  const state = r.oneOf('State', BUILDER_STATES) ?? 'RUNNING';
  const { schedule, goneMs } = seededSchedule(state, BUILDER_SETTLES, nowMs, step);
  return {
    label,
    record: { accountId, region, name, createdMs: r.time('CreatedTime') ?? nowMs, schedule, goneMs, doc },
    tags: r.tags(MAX_TAGS_PER_RESOURCE),
    source,
    explicitPlatform: doc.Platform !== undefined,
    explicitAgent: doc.AppstreamAgentVersion !== undefined,
  };
}

function list(doc: Obj, key: string): unknown[] {
  const v = doc[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SeedError(`${key} must be a list`);
  return v;
}

/** Checks a whole seed document without touching the store (the store's references are checked when it is loaded). */
function readDocument(document: unknown, nowMs: number, step: number) {
  if (!isObj(document)) throw new SeedError('a seed document is a JSON object {"images": [...], "imagePermissions": [...], "imageBuilders": [...]}');
  const keys = ['images', 'imagePermissions', 'imageBuilders', ...familySections().map((s) => s.key)];
  for (const key of Object.keys(document)) {
    if (!keys.includes(key)) throw new SeedError(`unknown member '${key}' (a seed document has ${keys.join(', ')})`);
  }
  const images = list(document, 'images').map((e, i) => readImage(e, i, nowMs, step));
  const permissions = list(document, 'imagePermissions').map((e, i) => readPermission(e, i));
  const builders = list(document, 'imageBuilders').map((e, i) => readBuilder(e, i, nowMs, step));
  const dup = <T>(items: T[], key: (t: T) => string, label: (i: number) => string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) throw new SeedError(`${label(i)}: the same entry as ${label(seen.get(k)!)}`);
      seen.set(k, i);
    });
  };
  dup(images, (x) => `${x.record.accountId}/${x.record.region}/${x.record.name}`, (i) => `images[${i}]`);
  dup(permissions, (x) => `${x.ownerAccountId}/${x.region}/${x.imageName}/${x.sharedAccountId}`, (i) => `imagePermissions[${i}]`);
  dup(builders, (x) => `${x.record.accountId}/${x.record.region}/${x.record.name}`, (i) => `imageBuilders[${i}]`);
  const sections = familySections().map((section) => ({ section, entries: list(document, section.key).map((e, i) => section.read(e, i, { nowMs, stepMs: step })) }));
  return { images, permissions, builders, sections };
}

/**
 * Loads a seed document into the store: every entry checked first, all written in one
 * transaction, quotas bypassed. Throws SeedError (nothing written) for a bad entry.
 */
export async function seedStore(deps: Pick<ServiceDeps, 'db' | 'clock' | 'settings'>, document: unknown): Promise<SeedCounts> {
  const nowMs = await deps.clock.now();
  const step = Math.max(0, deps.settings.transitionSeconds) * 1000;
  const { images, permissions, builders, sections } = readDocument(document, nowMs, step);
  const seededImages = new Map(images.map((x) => [`${x.record.accountId}/${x.record.region}/${x.record.name}`, x.record]));

  await deps.db.transaction(async (tx: SqlDb) => {
    const findImage = async (accountId: string, region: string, name: string): Promise<ImageRecord | undefined> =>
      seededImages.get(`${accountId}/${region}/${name}`) ?? (await getImage(tx, accountId, region, name, nowMs));

    for (const { record, tags } of images) {
      await tx.run(`DELETE FROM images WHERE account_id = ? AND region = ? AND name = ?`, [record.accountId, record.region, record.name]);
      await insertImage(tx, record, nowMs);
      const arn = imageArn(record.region, record.accountId, record.name);
      await removeAllTags(tx, arn);
      if (tags) await putTags(tx, arn, tags);
    }
    for (const p of permissions) {
      if (!(await findImage(p.ownerAccountId, p.region, p.imageName))) {
        throw new SeedError(`${p.label}: account ${p.ownerAccountId} has no image ${p.imageName} in ${p.region} (seed it in images)`);
      }
      await putImagePermission(tx, {
        ownerAccountId: p.ownerAccountId,
        region: p.region,
        imageName: p.imageName,
        sharedAccountId: p.sharedAccountId,
        allowFleet: p.allowFleet,
        allowImageBuilder: p.allowImageBuilder,
        createdMs: nowMs,
      });
    }
    for (const b of builders) {
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
        const image = await findImage(b.source.accountId, record.region, b.source.name);
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
      await tx.run(`DELETE FROM image_builders WHERE account_id = ? AND region = ? AND name = ?`, [record.accountId, record.region, record.name]);
      await insertImageBuilder(tx, record, nowMs);
      const arn = imageBuilderArn(record.region, record.accountId, record.name);
      await removeAllTags(tx, arn);
      if (b.tags) await putTags(tx, arn, b.tags);
    }
    for (const { section, entries } of sections) await section.write(tx, entries, nowMs);
  });
  const counts: SeedCounts = { images: images.length, imagePermissions: permissions.length, imageBuilders: builders.length };
  for (const { section, entries } of sections) counts[section.key] = entries.length;
  return counts;
}


/** `start --seed FILE`: loads a seed document from a JSON file; errors name the file. */
export async function seedStoreFromFile(deps: Pick<ServiceDeps, 'db' | 'clock' | 'settings'>, file: string): Promise<SeedCounts> {
  const { readFile } = await import('node:fs/promises');
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SeedError(`${file}: cannot read a JSON seed document (${(error as Error).message})`);
  }
  try {
    return await seedStore(deps, document);
  } catch (error) {
    if (error instanceof SeedError) throw new SeedError(`${file}: ${error.message}`);
    throw error;
  }
}
