// The rules of a fleet's configuration (SPEC-rest §1.2, §1.6), written once: CreateFleet checks
// its input with them, UpdateFleet the fleet that would result. The texts are in
// errors/messages.ts; every error here is InvalidParameterCombination (both operations list it)
// or, for an instance type the image cannot run, the instance type rule of image builders.
import {
  desiredCapacityKind,
  desiredCapacityOneOf,
  elasticPlatformUnsupportedText,
  fleetMemberNotAllowed,
  fleetMemberRequired,
  negativeCapacity,
  outOfRange,
  outOfRangeOrZero,
  twoSubnetsRequiredText,
} from '../../errors/messages.js';
import type { PlatformType } from '../../generated/shapes.js';
import { ELASTIC_PLATFORMS } from '../applications/elastic-common.js';
import { checkInstanceType } from '../image-builders/instance-types.js';
import { errorsOf } from '../resources/op-errors.js';
import type { FleetDoc } from './table.js';

/** What the fleet operations that configure a fleet are: both answer InvalidParameterCombination. */
export type ConfiguringOp = 'CreateFleet' | 'UpdateFleet';

// ---- defaults (SPEC-rest §1.3, §15.1) ------------------------------------------------------------

/**
 * DECISION (SPEC-rest §15.1): a new fleet is ON_DEMAND, streams for at most 57600 s (the value
 * real streaming URLs carry), keeps a disconnected session 900 s, has no internet access, and
 * shows applications (StreamView APP, AWS's documented default).
 */
export const FLEET_DEFAULTS = {
  FleetType: 'ON_DEMAND',
  MaxUserDurationInSeconds: 57600,
  DisconnectTimeoutInSeconds: 900,
  EnableDefaultInternetAccess: false,
  StreamView: 'APP',
  IdleDisconnectTimeoutInSeconds: 0,
} as const;

// ---- internal state names (SPEC-rest §1.4, §15.5) -------------------------------------------

/**
 * AWS's internal names of the fleet states, which its messages use: RUNNING is ACTIVE (sourced);
 * DECISION: STARTING is PENDING_ACTIVATE, STOPPING PENDING_DEACTIVATE, STOPPED INACTIVE.
 */
const INTERNAL_STATE: Record<string, string> = {
  RUNNING: 'ACTIVE',
  STARTING: 'PENDING_ACTIVATE',
  STOPPING: 'PENDING_DEACTIVATE',
  STOPPED: 'INACTIVE',
};

export function internalState(state: string): string {
  return INTERNAL_STATE[state] ?? state;
}

// ---- value ranges (SPEC-rest §1.2, §15.26) ------------------------------------------------------

interface Range {
  min: number;
  max: number;
  /** 0 is also allowed (IdleDisconnectTimeoutInSeconds: off). */
  orZero?: boolean;
}

/**
 * DECISION (§15.26): Integer members carry no range in the model; AWS documents these, and a
 * value outside answers InvalidParameterCombinationException. MaxConcurrentSessions' top is
 * the Elastic quota of SPEC-rest §12 (100 per platform).
 */
export const FLEET_RANGES: Readonly<Record<string, Range>> = {
  MaxUserDurationInSeconds: { min: 600, max: 432000 },
  DisconnectTimeoutInSeconds: { min: 60, max: 360000 },
  IdleDisconnectTimeoutInSeconds: { min: 60, max: 36000, orZero: true },
  MaxSessionsPerInstance: { min: 2, max: 50 },
  MaxConcurrentSessions: { min: 1, max: 100 },
};

/** RootVolumeConfig.VolumeSizeInGb [Md]. */
const VOLUME_GB: Range = { min: 200, max: 500 };

function inRange(value: number, r: Range): boolean {
  return (r.orZero === true && value === 0) || (value >= r.min && value <= r.max);
}

function rangeError(member: string, value: number, r: Range) {
  return r.orZero ? outOfRangeOrZero(member, value, r.min, r.max) : outOfRange(member, value, r.min, r.max);
}

/** The range checks of the members given in a CreateFleet or UpdateFleet request. */
export function checkRanges(request: object): void {
  const input = request as Record<string, unknown>;
  for (const [member, range] of Object.entries(FLEET_RANGES)) {
    const v = input[member];
    if (typeof v === 'number' && !inRange(v, range)) throw rangeError(member, v, range);
  }
  const volume = (input['RootVolumeConfig'] as { VolumeSizeInGb?: number } | undefined)?.VolumeSizeInGb;
  if (volume !== undefined && !inRange(volume, VOLUME_GB)) throw rangeError('RootVolumeConfig.VolumeSizeInGb', volume, VOLUME_GB);
  const capacity = input['ComputeCapacity'] as { DesiredInstances?: number; DesiredSessions?: number } | undefined;
  for (const key of ['DesiredInstances', 'DesiredSessions'] as const) {
    const v = capacity?.[key];
    // DECISION: a negative desired capacity is a parameter AWS cannot take.
    if (v !== undefined && v < 0) throw negativeCapacity(key);
  }
}

/** AWS rounds IdleDisconnectTimeoutInSeconds to whole minutes, halves up (70 -> 60, 90 -> 120) [Md]. */
export function roundIdle(seconds: number): number {
  return Math.round(seconds / 60) * 60;
}

// ---- Elastic fleets (SPEC-rest §1.2, §15.16) ----------------------------------------------------

/** Desired instances of a fleet: DesiredInstances, or ceil(DesiredSessions / MaxSessionsPerInstance) [TF]. */
export function desiredInstances(doc: FleetDoc): number {
  if (doc.FleetType === 'ELASTIC') return 0;
  const c = doc.ComputeCapacity ?? {};
  if (doc.MaxSessionsPerInstance) return Math.ceil((c.DesiredSessions ?? 0) / doc.MaxSessionsPerInstance);
  return c.DesiredInstances ?? 0;
}

/**
 * The type rules of a fleet's configuration (the resulting doc, images already resolved):
 * what each fleet type requires and refuses. Throws InvalidParameterCombinationException.
 */
export function checkFleetType(op: ConfiguringOp, doc: FleetDoc, image?: { supportedInstanceFamilies?: readonly string[] }): void {
  if (doc.FleetType === 'ELASTIC') {
    const no = (member: string) => fleetMemberNotAllowed(member, 'Elastic');
    if (doc.ImageName !== undefined || doc.ImageArn !== undefined) throw no('ImageName or ImageArn');
    if (doc.ComputeCapacity !== undefined) throw no('ComputeCapacity');
    if (doc.MaxSessionsPerInstance !== undefined) throw no('MaxSessionsPerInstance');
    if (doc.DomainJoinInfo !== undefined) throw no('DomainJoinInfo');
    if (doc.MaxConcurrentSessions === undefined) throw fleetMemberRequired('MaxConcurrentSessions', 'Elastic');
    if (doc.Platform === undefined) throw fleetMemberRequired('Platform', 'Elastic');
    if (!(ELASTIC_PLATFORMS as readonly PlatformType[]).includes(doc.Platform)) {
      throw errorsOf(op).InvalidParameterCombinationException(elasticPlatformUnsupportedText(doc.Platform, ELASTIC_PLATFORMS, 'Elastic fleets'));
    }
    // DECISION (§15.16): AWS asks for subnets in two availability zones; two distinct subnets is what can be checked.
    if (new Set(doc.VpcConfig?.SubnetIds ?? []).size < 2) throw errorsOf(op).InvalidParameterCombinationException(twoSubnetsRequiredText());
    checkInstanceType(doc.InstanceType!, 'elasticFleet');
    return;
  }
  if (doc.MaxConcurrentSessions !== undefined) throw fleetMemberNotAllowed('MaxConcurrentSessions', 'Always-On and On-Demand');
  const c = doc.ComputeCapacity;
  if (c === undefined) throw fleetMemberRequired('ComputeCapacity', 'Always-On and On-Demand');
  if ((c.DesiredInstances === undefined) === (c.DesiredSessions === undefined)) throw desiredCapacityOneOf();
  const multiSession = doc.MaxSessionsPerInstance !== undefined;
  if (multiSession ? c.DesiredSessions === undefined : c.DesiredInstances === undefined) throw desiredCapacityKind(multiSession);
  checkInstanceType(doc.InstanceType!, 'fleet', image);
}
