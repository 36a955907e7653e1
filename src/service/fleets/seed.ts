// The fleet family's sections of the seed document (POST /_appstream/seed, `start --seed`):
// `fleets` and `sessions`, written after the images (a fleet names its image) in the seed's one
// transaction, in this order (the stacks family's `fleetStackAssociations` come after both). As for images: every entry is
// checked first, quotas do not apply, and an entry replaces the row with the same key.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../errors/aws-error.js';
import { findPublicImage, findPublicImageByArn, publicImages } from '../../catalog/public-images.js';
import { FleetErrorCode_VALUES, FleetState_VALUES, FleetType_VALUES, PlatformType_VALUES, StreamView_VALUES } from '../../generated/enums.js';
import { getImage } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { imageArn, parseAppStreamArn, partitionOf } from '../arns.js';
import type { SeedRun, SeedSection } from '../resources/family.js';
import { begin, seededSchedule } from '../resources/state-machine.js';
import { ACCOUNT_RE, compact, EntryReader, entryLabel, isObj, NAME_RE, REGION_RE, SeedError } from '../seed/seed-reader.js';
import { checkFleetType, FLEET_DEFAULTS } from './fleet-rules.js';
import { fleetArn, instanceIdFrom, eniOf, type FleetRecord, type SessionRecord } from './fleet-view.js';
import { endingAt, sessionRefs } from './session-schedule.js';
import { recordStreamingDays } from './streaming-days.js';
import { FLEET_STATES, SESSION_STATES } from './states.js';
import { fleetTable, sessionTable, type FleetDoc, type SessionDoc } from './table.js';
import { replaceRow } from '../seed/replace-row.js';

type At = Pick<SeedRun, 'nowMs' | 'stepMs'>;

/** An entry's reader, labelled `<section>[i] ("<name>")` by the member that names it. */
function reader(section: string, entry: unknown, index: number, nameKey: string): EntryReader {
  const label = isObj(entry) && typeof entry[nameKey] === 'string' ? `${section}[${index}] ("${entry[nameKey]}")` : entryLabel(section, index, entry);
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  return new EntryReader(label, entry);
}

function partitionOfEntry(r: EntryReader) {
  return {
    accountId: r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    region: r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!,
  };
}

function integer(r: EntryReader, key: string, min = 0): number | undefined {
  const v = r.o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) r.fail(`${key} must be an integer >= ${min}`);
  return v;
}

/**
 * DECISION: a seeded Always-On or On-Demand fleet without an image runs the region's newest
 * general-purpose public Windows Server 2022 image (test data often only needs "a fleet").
 */
function defaultImage(region: string, r: EntryReader): string {
  const candidates = publicImages(region).filter(
    (i) => i.Platform === 'WINDOWS_SERVER_2022' && i.State === 'AVAILABLE' && (i.SupportedInstanceFamilies ?? ['GENERAL_PURPOSE']).includes('GENERAL_PURPOSE'),
  );
  const newest = candidates.sort((a, b) => (b.PublicBaseImageReleasedDate?.getTime() ?? 0) - (a.PublicBaseImageReleasedDate?.getTime() ?? 0))[0];
  return newest?.Name ?? r.fail(`no public image in ${region} to default ImageName to`);
}

const FLEET_KEYS = [
  'AccountId',
  'Region',
  'Name',
  'State',
  'CreatedTime',
  'Tags',
  'ImageName',
  'ImageArn',
  'InstanceType',
  'FleetType',
  'ComputeCapacity',
  'DisplayName',
  'Description',
  'MaxUserDurationInSeconds',
  'DisconnectTimeoutInSeconds',
  'VpcConfig',
  'FleetErrors',
  'EnableDefaultInternetAccess',
  'DomainJoinInfo',
  'IdleDisconnectTimeoutInSeconds',
  'IamRoleArn',
  'StreamView',
  'Platform',
  'MaxConcurrentSessions',
  'UsbDeviceFilterStrings',
  'SessionScriptS3Location',
  'MaxSessionsPerInstance',
  'RootVolumeConfig',
  'DisableIMDSV1',
  // Derived Fleet members: accepted (a DescribeFleets answer can be seeded back), computed.
  'Arn',
  'ComputeCapacityStatus',
];

interface SeedFleet {
  label: string;
  record: FleetRecord;
  tags?: Record<string, string>;
  explicitPlatform: boolean;
}

function readFleet(entry: unknown, index: number, at: At): SeedFleet {
  const r = reader('fleets', entry, index, 'Name');
  r.onlyKeys(FLEET_KEYS);
  const { accountId, region } = partitionOfEntry(r);
  const name = r.string('Name', { required: true, re: NAME_RE, what: 'a valid fleet name (^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$)' })!;
  const arn = r.string('Arn');
  if (arn !== undefined && arn !== fleetArn(region, accountId, name)) r.fail(`Arn '${arn}' must be ${fleetArn(region, accountId, name)} (or left out)`);
  const fleetType = (r.oneOf('FleetType', FleetType_VALUES) ?? FLEET_DEFAULTS.FleetType) as FleetDoc['FleetType'];
  const imageName = r.string('ImageName');
  const imageArnGiven = r.string('ImageArn');
  if (fleetType === 'ELASTIC' ? imageName !== undefined || imageArnGiven !== undefined : imageName !== undefined && imageArnGiven !== undefined) {
    r.fail(fleetType === 'ELASTIC' ? 'an ELASTIC fleet has no ImageName or ImageArn' : 'give ImageName or ImageArn, not both');
  }
  const capacity = r.object('ComputeCapacity');
  const maxSessions = integer(r, 'MaxSessionsPerInstance', 1);
  let computeCapacity: FleetDoc['ComputeCapacity'];
  if (fleetType !== 'ELASTIC') {
    const desired = capacity ?? (isObj(r.o['ComputeCapacityStatus']) ? { [maxSessions ? 'DesiredSessions' : 'DesiredInstances']: r.o['ComputeCapacityStatus']['Desired'] } : {});
    const inner = new EntryReader(`${r.label}: ComputeCapacity`, desired);
    // DECISION: a seeded fleet without a capacity wants one instance (or one instance's sessions).
    computeCapacity = maxSessions
      ? { DesiredSessions: integer(inner, 'DesiredSessions') ?? maxSessions }
      : { DesiredInstances: integer(inner, 'DesiredInstances') ?? 1 };
  }
  const errors = r.errors('FleetErrors');
  for (const e of errors ?? []) if (e.ErrorCode !== undefined && !(FleetErrorCode_VALUES as readonly string[]).includes(e.ErrorCode)) r.fail(`FleetErrors[].ErrorCode '${e.ErrorCode}' is not a FleetErrorCode`);
  const idle = integer(r, 'IdleDisconnectTimeoutInSeconds');
  const doc: FleetDoc = compact({
    DisplayName: r.string('DisplayName', { max: 100 }),
    Description: r.string('Description', { max: 256 }),
    ImageName: fleetType === 'ELASTIC' || imageArnGiven !== undefined ? imageName : (imageName ?? defaultImage(region, r)),
    ImageArn: imageArnGiven,
    InstanceType: r.string('InstanceType') ?? 'stream.standard.medium',
    FleetType: fleetType,
    ComputeCapacity: computeCapacity,
    MaxUserDurationInSeconds: integer(r, 'MaxUserDurationInSeconds', 1) ?? FLEET_DEFAULTS.MaxUserDurationInSeconds,
    DisconnectTimeoutInSeconds: integer(r, 'DisconnectTimeoutInSeconds', 1) ?? FLEET_DEFAULTS.DisconnectTimeoutInSeconds,
    VpcConfig: r.object('VpcConfig') as FleetDoc['VpcConfig'],
    FleetErrors: errors?.map((e) => compact({ ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage })) as FleetDoc['FleetErrors'],
    EnableDefaultInternetAccess: r.boolean('EnableDefaultInternetAccess') ?? FLEET_DEFAULTS.EnableDefaultInternetAccess,
    DomainJoinInfo: r.object('DomainJoinInfo') as FleetDoc['DomainJoinInfo'],
    IdleDisconnectTimeoutInSeconds: idle ? idle : undefined,
    IamRoleArn: r.string('IamRoleArn'),
    StreamView: (r.oneOf('StreamView', StreamView_VALUES) ?? FLEET_DEFAULTS.StreamView) as FleetDoc['StreamView'],
    Platform: r.oneOf('Platform', PlatformType_VALUES) as FleetDoc['Platform'],
    MaxConcurrentSessions: integer(r, 'MaxConcurrentSessions', 1),
    UsbDeviceFilterStrings: r.stringList('UsbDeviceFilterStrings'),
    SessionScriptS3Location: r.object('SessionScriptS3Location') as FleetDoc['SessionScriptS3Location'],
    MaxSessionsPerInstance: maxSessions,
    RootVolumeConfig: r.object('RootVolumeConfig') as FleetDoc['RootVolumeConfig'],
    DisableIMDSV1: r.boolean('DisableIMDSV1'),
  });
  // The fleet type rules of CreateFleet hold for seeded fleets too (an Elastic fleet needs its
  // Platform, MaxConcurrentSessions and subnets); the image's instance families are not known yet.
  try {
    checkFleetType('CreateFleet', doc);
  } catch (error) {
    if (error instanceof AwsError) r.fail(error.message);
    throw error;
  }
  if (doc.ImageArn !== undefined) {
    const parsed = parseAppStreamArn(doc.ImageArn);
    if (!parsed || parsed.resourceType !== 'image' || parsed.region !== region || parsed.partition !== partitionOf(region)) {
      r.fail(`ImageArn '${doc.ImageArn}' is not an image ARN of ${region}`);
    }
  }
  const state = (r.oneOf('State', FleetState_VALUES) ?? 'STOPPED') as (typeof FleetState_VALUES)[number];
  // A STARTING fleet with FleetErrors is stuck there (SPEC-rest §1.4); otherwise transitional states settle a step later.
  const schedule = state === 'STARTING' && errors?.length ? [{ state, atMs: at.nowMs }] : seededSchedule(FLEET_STATES, state, at.nowMs, at.stepMs).schedule;
  return {
    label: r.label,
    record: { accountId, region, name, createdMs: r.time('CreatedTime') ?? at.nowMs, schedule, goneMs: null, doc },
    tags: r.tags(),
    explicitPlatform: doc.Platform !== undefined,
  };
}

/** Fills in a seeded fleet's image: both its name and ARN, and the platform (catalogue or store). */
async function resolveSeededImage(tx: SqlDb, f: SeedFleet, nowMs: number): Promise<void> {
  const { record } = f;
  const d = record.doc;
  if (d.FleetType === 'ELASTIC') return;
  let found: { name: string; arn: string; platform?: string } | undefined;
  if (d.ImageName !== undefined) {
    const pub = findPublicImage(record.region, d.ImageName);
    if (pub?.image) found = { name: pub.image.Name, arn: pub.image.Arn!, platform: pub.image.Platform };
    else {
      const own = await getImage(tx, record.accountId, record.region, d.ImageName, nowMs);
      if (own) found = { name: own.name, arn: imageArn(record.region, record.accountId, own.name), platform: own.doc.Platform };
    }
  } else {
    const parsed = parseAppStreamArn(d.ImageArn!)!;
    if (parsed.accountId === '') {
      const pub = findPublicImageByArn(record.region, d.ImageArn!);
      if (pub?.image) found = { name: pub.image.Name, arn: pub.image.Arn!, platform: pub.image.Platform };
    } else {
      const image = await getImage(tx, parsed.accountId, record.region, parsed.name, nowMs);
      if (image) found = { name: image.name, arn: d.ImageArn!, platform: image.doc.Platform };
    }
  }
  if (!found) throw new SeedError(`${f.label}: no image ${d.ImageName ?? d.ImageArn} in ${record.region} (a public image, or one seeded in images)`);
  d.ImageName = found.name;
  d.ImageArn = found.arn;
  if (!f.explicitPlatform && found.platform) d.Platform = found.platform as FleetDoc['Platform'];
  record.refs = { image_name: d.ImageName, directory_name: d.DomainJoinInfo?.DirectoryName ?? null };
}

const fleetsSection: SeedSection<SeedFleet> = {
  key: 'fleets',
  read(entry, index, at) {
    return readFleet(entry, index, at);
  },
  identity: (f) => `${f.record.accountId}/${f.record.region}/${f.record.name}`,
  async write(tx, f, { nowMs }) {
    await resolveSeededImage(tx, f, nowMs);
    f.record.refs ??= { image_name: null, directory_name: f.record.doc.DomainJoinInfo?.DirectoryName ?? null };
    await replaceRow(tx, fleetTable, f.record, nowMs, fleetArn(f.record.region, f.record.accountId, f.record.name), f.tags);
  },
};

const SESSION_KEYS = [
  'AccountId',
  'Region',
  'Id',
  'StackName',
  'FleetName',
  'UserId',
  'AuthenticationType',
  'State',
  'ConnectionState',
  'StartTime',
  'MaxExpirationTime',
  'InstanceId',
  // Derived Session members: accepted, computed.
  'NetworkAccessConfiguration',
  'InstanceDrainStatus',
];

interface SeedSession {
  label: string;
  record: SessionRecord;
  state: 'PENDING' | 'ACTIVE' | 'EXPIRED';
  disconnected: boolean;
  maxExpirationMs?: number;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function readSession(entry: unknown, index: number, at: At): SeedSession {
  const r = reader('sessions', entry, index, 'UserId');
  r.onlyKeys(SESSION_KEYS);
  const { accountId, region } = partitionOfEntry(r);
  const id = r.string('Id', { re: UUID_RE, what: 'a UUID' }) ?? randomUUID();
  const doc = {
    UserId: r.string('UserId', { required: true, re: /^[\w+=,.@-]{2,128}$/, what: 'a user id of 2 to 128 characters' })!,
    StackName: r.string('StackName', { required: true, re: NAME_RE, what: 'a valid stack name' })!,
    FleetName: r.string('FleetName', { required: true, re: NAME_RE, what: 'a valid fleet name' })!,
    AuthenticationType: (r.oneOf('AuthenticationType', ['API', 'SAML', 'USERPOOL', 'AWS_AD']) ?? 'API') as SessionDoc['AuthenticationType'],
    InstanceId: r.string('InstanceId', { re: /^i-[0-9a-f]{8,17}$/, what: 'an instance id (i- and hex digits)' }) ?? '',
    MaxExpirationMs: 0,
  };
  return {
    label: r.label,
    record: { accountId, region, name: id, createdMs: r.time('StartTime') ?? at.nowMs, schedule: [], goneMs: null, doc },
    state: (r.oneOf('State', ['PENDING', 'ACTIVE', 'EXPIRED']) ?? 'ACTIVE') as SeedSession['state'],
    disconnected: r.oneOf('ConnectionState', ['CONNECTED', 'NOT_CONNECTED']) === 'NOT_CONNECTED',
    maxExpirationMs: r.time('MaxExpirationTime'),
  };
}

/** Sessions (SPEC-rest §4.2) of a seeded or stored fleet; ACTIVE by default. */
const sessionsSection: SeedSection<SeedSession> = {
  key: 'sessions',
  read(entry, index, at) {
    return readSession(entry, index, at);
  },
  identity: (s) => `${s.record.accountId}/${s.record.region}/${s.record.name}`,
  async write(tx, s, { nowMs, stepMs }) {
    const { record } = s;
    const d = record.doc;
    const fleet = await fleetTable.get(tx, record, d.FleetName, nowMs);
    if (!fleet) throw new SeedError(`${s.label}: account ${record.accountId} has no fleet ${d.FleetName} in ${record.region} (seed it in fleets)`);
    d.InstanceId ||= instanceIdFrom(record.accountId, record.region, d.FleetName, record.name);
    if (fleet.doc.VpcConfig) d.NetworkAccessConfiguration = eniOf(d.InstanceId);
    d.MaxExpirationMs = s.maxExpirationMs ?? record.createdMs + (fleet.doc.MaxUserDurationInSeconds ?? FLEET_DEFAULTS.MaxUserDurationInSeconds) * 1000;
    const opened = s.state === 'PENDING' ? begin(SESSION_STATES, 'open', nowMs, stepMs) : [{ state: s.state, atMs: nowMs }];
    let end = Math.max(d.MaxExpirationMs, opened[opened.length - 1]!.atMs);
    if (s.disconnected && s.state === 'ACTIVE') {
      d.DisconnectedAtMs = nowMs;
      end = Math.min(end, nowMs + (fleet.doc.DisconnectTimeoutInSeconds ?? FLEET_DEFAULTS.DisconnectTimeoutInSeconds) * 1000);
    }
    Object.assign(record, s.state === 'EXPIRED' ? { schedule: opened, goneMs: nowMs + stepMs } : endingAt(opened, end, stepMs));
    record.refs = sessionRefs(d.FleetName, d.StackName, d.UserId, d.InstanceId, d.AuthenticationType);
    await replaceRow(tx, sessionTable, record, nowMs);
    await recordStreamingDays(tx, record, nowMs);
  },
};

/** The seed sections of the fleet family, in the order they are written. */
export const FLEET_SEED_SECTIONS: readonly SeedSection[] = [fleetsSection, sessionsSection];
