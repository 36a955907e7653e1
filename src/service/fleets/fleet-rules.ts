// The rules of a fleet's configuration (SPEC-rest §1.2, §1.6), and every text the fleet
// operations answer, written once. CreateFleet checks its input with them; UpdateFleet checks
// the fleet that would result.
import type { AwsError } from '../../errors/aws-error.js';
import type { PlatformType } from '../../generated/shapes.js';
import { checkInstanceType } from '../image-builders/instance-types.js';
import { errorsOf } from '../resources/op-errors.js';
import type { FleetDoc } from './repos.js';

/** What the fleet operations that configure a fleet are: both answer InvalidParameterCombination. */
export type ConfiguringOp = 'CreateFleet' | 'UpdateFleet';

const invalid = (op: ConfiguringOp, message: string): AwsError => errorsOf(op).InvalidParameterCombinationException(message);

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

// ---- texts ---------------------------------------------------------------------------------------

/** The texts of the fleet operations: AWS's where SPEC-rest quotes them, else DECISION (§15). */
export const FLEET_TEXT = {
  /** DECISION (§15.6). */
  notFound: (name: string) => `The fleet ${name} does not exist.`,
  /** DECISION (§15.6). */
  exists: (name: string) => `Fleet ${name} already exists.`,
  /** DECISION: the form of the image and image builder quotas' text. */
  quota: (limit: number, accountId: string, region: string) =>
    `The maximum number of fleets (${limit}) for account ${accountId} in ${region} has been reached.`,
  /** AWS's (TF #25354, #22625). */
  associated: (name: string) => `The fleet ${name} is associated with a stack. To delete the fleet, you must dissociate it from the stack.`,
  /** DECISION (§15.4), modelled on the sourced UpdateFleet text. */
  deleteNotStopped: (name: string, state: string) =>
    `Cannot delete fleet ${name} when it is ${internalState(state)}. The fleet must be stopped to complete this action.`,
  /** AWS's for ACTIVE (CFN roadmap #1017); the same form for the other states (DECISION). */
  updateInUse: (name: string, state: string) =>
    `Cannot update the attribute for fleet ${name} when it is ${internalState(state)}. The fleet must be stopped to complete this action.`,
  /** DECISION (§15.3). */
  startWhileStopping: (name: string) => `The fleet ${name} is PENDING_DEACTIVATE. Wait until it is stopped, then try again.`,
  /** DECISION (§1.6). */
  otherPlatformWhileRunning: (image: string, fleet: string) =>
    `The image ${image} is not compatible with fleet ${fleet}. To change the platform, stop the fleet first.`,
  /** DECISION (§11). */
  noFleetPermission: (arn: string) => `You do not have permission to create a fleet from image ${arn}.`,
  /** DECISION: the text of FleetErrors when StartFleet finds its image gone (§11). */
  imageGone: (image: string) => `The image ${image} does not exist or is no longer shared with this account for use with fleets.`,
  /** DECISION: the text of FleetErrors injected on purpose, by code (the code names the cause). */
  injected: (code: string) => `The fleet could not start: ${code.toLowerCase().replace(/_/g, ' ')}.`,
};

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

function rangeText(member: string, r: Range): string {
  return `${member} must be ${r.orZero ? '0 or ' : ''}between ${r.min} and ${r.max}.`;
}

/** The range checks of the members given in a CreateFleet or UpdateFleet request. */
export function checkRanges(op: ConfiguringOp, request: object): void {
  const input = request as Record<string, unknown>;
  for (const [member, range] of Object.entries(FLEET_RANGES)) {
    const v = input[member];
    if (typeof v === 'number' && !inRange(v, range)) throw invalid(op, rangeText(member, range));
  }
  const volume = (input['RootVolumeConfig'] as { VolumeSizeInGb?: number } | undefined)?.VolumeSizeInGb;
  if (volume !== undefined && !inRange(volume, VOLUME_GB)) throw invalid(op, rangeText('RootVolumeConfig.VolumeSizeInGb', VOLUME_GB));
  const capacity = input['ComputeCapacity'] as { DesiredInstances?: number; DesiredSessions?: number } | undefined;
  for (const key of ['DesiredInstances', 'DesiredSessions'] as const) {
    const v = capacity?.[key];
    // DECISION: a negative desired capacity is a parameter AWS cannot take.
    if (v !== undefined && v < 0) throw invalid(op, `ComputeCapacity.${key} must not be negative.`);
  }
}

/** AWS rounds IdleDisconnectTimeoutInSeconds to whole minutes, halves up (70 -> 60, 90 -> 120) [Md]. */
export function roundIdle(seconds: number): number {
  return Math.round(seconds / 60) * 60;
}

// ---- Elastic fleets (SPEC-rest §1.2, §15.16) ----------------------------------------------------

/** The platforms an Elastic fleet may run [Md]. */
export const ELASTIC_PLATFORMS: readonly PlatformType[] = ['WINDOWS_SERVER_2019', 'AMAZON_LINUX2', 'UBUNTU_PRO_2404'];
/** The instance types of Elastic fleets [Md]. */
export const ELASTIC_INSTANCE_TYPES = ['small', 'medium', 'large', 'xlarge', '2xlarge'].map((s) => `stream.standard.${s}`);

/** Desired instances of a fleet: DesiredInstances, or ceil(DesiredSessions / MaxSessionsPerInstance) [TF]. */
export function desiredInstances(doc: FleetDoc): number {
  if (doc.FleetType === 'ELASTIC') return 0;
  const c = doc.ComputeCapacity ?? {};
  if (doc.MaxSessionsPerInstance) return Math.ceil((c.DesiredSessions ?? 0) / doc.MaxSessionsPerInstance);
  return c.DesiredInstances ?? 0;
}

/**
 * The type rules of a fleet's configuration (the resulting doc, images already resolved):
 * what each fleet type requires and refuses. Throws InvalidParameterCombinationException
 * (IncompatibleImageException for an instance type its image cannot run, as for builders).
 */
export function checkFleetType(op: ConfiguringOp, doc: FleetDoc, image?: { name: string; supportedInstanceFamilies?: readonly string[] }): void {
  const no = (member: string) => invalid(op, `${member} is not allowed for ${doc.FleetType === 'ELASTIC' ? 'Elastic' : 'Always-On and On-Demand'} fleets.`);
  if (doc.FleetType === 'ELASTIC') {
    if (doc.ImageName !== undefined || doc.ImageArn !== undefined) throw no('ImageName or ImageArn');
    if (doc.ComputeCapacity !== undefined) throw no('ComputeCapacity');
    if (doc.MaxSessionsPerInstance !== undefined) throw no('MaxSessionsPerInstance');
    if (doc.DomainJoinInfo !== undefined) throw no('DomainJoinInfo');
    if (doc.MaxConcurrentSessions === undefined) throw invalid(op, 'MaxConcurrentSessions is required for Elastic fleets.');
    if (doc.Platform === undefined || !ELASTIC_PLATFORMS.includes(doc.Platform)) {
      throw invalid(op, `Elastic fleets require a Platform of ${ELASTIC_PLATFORMS.join(', ')}.`);
    }
    // DECISION (§15.16): AWS asks for subnets in two availability zones; two distinct subnets is what can be checked.
    if (new Set(doc.VpcConfig?.SubnetIds ?? []).size < 2) throw invalid(op, 'Elastic fleets require a VpcConfig with at least two subnets in different availability zones.');
    if (!ELASTIC_INSTANCE_TYPES.includes(doc.InstanceType!)) {
      throw invalid(op, `The instance type ${doc.InstanceType} is not supported by Elastic fleets. Supported: ${ELASTIC_INSTANCE_TYPES.join(', ')}.`);
    }
    return;
  }
  if (doc.MaxConcurrentSessions !== undefined) throw no('MaxConcurrentSessions');
  const c = doc.ComputeCapacity;
  if (c === undefined) throw invalid(op, 'ComputeCapacity is required for Always-On and On-Demand fleets.');
  if ((c.DesiredInstances === undefined) === (c.DesiredSessions === undefined)) {
    throw invalid(op, "ComputeCapacity: you can't define both DesiredInstances and DesiredSessions, or leave both blank.");
  }
  if (doc.MaxSessionsPerInstance !== undefined && c.DesiredSessions === undefined) {
    throw invalid(op, 'A multi-session fleet (MaxSessionsPerInstance) takes DesiredSessions, not DesiredInstances.');
  }
  if (doc.MaxSessionsPerInstance === undefined && c.DesiredInstances === undefined) {
    throw invalid(op, 'DesiredSessions applies to multi-session fleets only: set MaxSessionsPerInstance, or give DesiredInstances.');
  }
  checkInstanceType(doc.InstanceType!, image);
}
