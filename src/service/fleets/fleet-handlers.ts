// The fleet group (SPEC-rest §1): CreateFleet, DescribeFleets, UpdateFleet, DeleteFleet,
// StartFleet, StopFleet. States are the family's machine on the stored schedule:
//   create: STOPPED
//   start:  STOPPED -> STARTING -> RUNNING (stuck STARTING with FleetErrors when it fails)
//   stop:   STARTING | RUNNING -> STOPPING -> STOPPED (its sessions end at once)
//   delete: STOPPED and in no stack -> gone at once
import type { AwsError } from '../../errors/aws-error.js';
import {
  applicationPlatformMismatchText,
  defaultInternetInstancesText,
  exactlyOneSourceImage,
  fleetAssociatedWithStack,
  fleetAttributeNeedsStop,
  fleetDeleteNeedsStop,
  fleetImageGoneText,
  fleetImageIncompatible,
  fleetNameRequired,
  fleetPlatformMismatch,
  fleetStartFailedText,
  fleetStillStopping,
  imageNameAndArnTogether,
  partitionScope,
  resourceKindExists,
  resourceKindNotFound,
  setAndDeletedText,
  stackFeaturesBlockPlatform,
} from '../../errors/messages.js';
import type { CreateFleetRequest, Fleet, FleetError, UpdateFleetRequest } from '../../generated/shapes.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { removeAllTags } from '../../store/tags-repo.js';
import { applicationFleetTable, applicationTable } from '../applications/family.js';
import { ownName } from '../applications/elastic-common.js';
import { stackTable } from '../stacks/family.js';
import { isLinuxPlatform, windowsOnlyFeatures } from '../stacks/stack-settings.js';
import type { CallContext } from '../context.js';
import { requireDomainJoin } from '../directory-configs/domain-join.js';
import type { Handler } from '../../core/handler-types.js';
import { consumeFailureCode, stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { advance, begin } from '../resources/state-machine.js';
import { dependentsOf } from '../resources/registry.js';
import { write } from '../resources/write.js';
import { compact } from '../seed/seed-reader.js';
import type { ServiceDeps } from '../service-deps.js';
import { checkQuota } from '../resources/quota.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { FLEET_KIND } from './family.js';
import { FLEET_STATES } from './states.js';
import { fleetStackTable, fleetTable, type FleetDoc } from './table.js';
import { resolveFleetImage, type FleetImage } from './fleet-image.js';
import { checkFleetType, checkRanges, desiredInstances, FLEET_DEFAULTS, internalState, roundIdle } from './fleet-rules.js';
import { fleetArn, fleetSessions, fleetState, fleetViewSettled, runningInstances, viewFleet, withSessions, type FleetRecord } from './fleet-view.js';
import { ViewMemo } from '../resources/view-memo.js';

/**
 * Fleets as DescribeFleets answers them before their sessions are counted in (withSessions),
 * kept per row version while settled (resources/view-memo.ts).
 */
const fleetViews = new ViewMemo(fleetTable, '', (record: FleetRecord, nowMs: number) => viewFleet(record, nowMs), fleetViewSettled);
import { endSession } from './sessions.js';

type FleetHandlers = {
  CreateFleet: Handler<'CreateFleet'>;
  DescribeFleets: Handler<'DescribeFleets'>;
  UpdateFleet: Handler<'UpdateFleet'>;
  DeleteFleet: Handler<'DeleteFleet'>;
  StartFleet: Handler<'StartFleet'>;
  StopFleet: Handler<'StopFleet'>;
};

/** A fleet of the caller that exists now, or ResourceNotFoundException (every fleet operation lists it). */
export async function requireFleet(handle: SqlDb, part: Partition, name: string, nowMs: number): Promise<FleetRecord> {
  const fleet = await fleetTable.get(handle, part, name, nowMs);
  if (!fleet) throw resourceKindNotFound('fleet', name);
  return fleet;
}

/** Stable JSON (sorted keys): whether an update changes a member. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A Platform given with an image must be the image's (DECISION §1.2). */
function checkPlatform(given: string | undefined, image: FleetImage): void {
  if (given !== undefined && image.platform !== undefined && given !== image.platform) {
    throw fleetPlatformMismatch(given, image.platform, image.name);
  }
}

/** The members a RUNNING fleet may change, by fleet type [Md UpdateFleet]; DECISION §15.20: MaxSessionsPerInstance too. */
const CHANGEABLE_WHILE_RUNNING = {
  fixed: new Set(['DisplayName', 'ComputeCapacity', 'ImageArn', 'ImageName', 'Platform', 'IdleDisconnectTimeoutInSeconds', 'DisconnectTimeoutInSeconds', 'MaxSessionsPerInstance']),
  elastic: new Set(['DisplayName', 'IdleDisconnectTimeoutInSeconds', 'DisconnectTimeoutInSeconds', 'MaxConcurrentSessions', 'SessionScriptS3Location', 'UsbDeviceFilterStrings']),
};

/** What each AttributesToDelete value removes, and the member that may not be set with it. */
const DELETABLE: Record<string, { member: keyof UpdateFleetRequest; remove(doc: FleetDoc): void; setsIt(input: UpdateFleetRequest): boolean }> = {
  VPC_CONFIGURATION: { member: 'VpcConfig', remove: (d) => delete d.VpcConfig, setsIt: (i) => i.VpcConfig !== undefined },
  VPC_CONFIGURATION_SECURITY_GROUP_IDS: {
    member: 'VpcConfig',
    remove: (d) => {
      if (d.VpcConfig) d.VpcConfig = compact({ ...d.VpcConfig, SecurityGroupIds: undefined });
    },
    setsIt: (i) => i.VpcConfig?.SecurityGroupIds !== undefined,
  },
  DOMAIN_JOIN_INFO: { member: 'DomainJoinInfo', remove: (d) => delete d.DomainJoinInfo, setsIt: (i) => i.DomainJoinInfo !== undefined },
  IAM_ROLE_ARN: { member: 'IamRoleArn', remove: (d) => delete d.IamRoleArn, setsIt: (i) => i.IamRoleArn !== undefined },
  USB_DEVICE_FILTER_STRINGS: { member: 'UsbDeviceFilterStrings', remove: (d) => delete d.UsbDeviceFilterStrings, setsIt: (i) => i.UsbDeviceFilterStrings !== undefined },
  SESSION_SCRIPT_S3_LOCATION: { member: 'SessionScriptS3Location', remove: (d) => delete d.SessionScriptS3Location, setsIt: (i) => i.SessionScriptS3Location !== undefined },
  MAX_SESSIONS_PER_INSTANCE: { member: 'MaxSessionsPerInstance', remove: (d) => delete d.MaxSessionsPerInstance, setsIt: (i) => i.MaxSessionsPerInstance !== undefined },
  VOLUME_CONFIGURATION: { member: 'RootVolumeConfig', remove: (d) => delete d.RootVolumeConfig, setsIt: (i) => i.RootVolumeConfig !== undefined },
};

/** The members of UpdateFleet that replace the stored member as given. */
const REPLACED_AS_GIVEN = [
  'DisplayName',
  'Description',
  'InstanceType',
  'ComputeCapacity',
  'VpcConfig',
  'MaxUserDurationInSeconds',
  'DisconnectTimeoutInSeconds',
  'EnableDefaultInternetAccess',
  'DomainJoinInfo',
  'IamRoleArn',
  'StreamView',
  'MaxConcurrentSessions',
  'UsbDeviceFilterStrings',
  'SessionScriptS3Location',
  'MaxSessionsPerInstance',
  'RootVolumeConfig',
  'DisableIMDSV1',
] as const satisfies readonly (keyof UpdateFleetRequest & keyof FleetDoc)[];

/** Stored members that are not configuration (an update never counts them as changes). */
const NOT_CONFIGURATION = new Set(['CapacityChange', 'DrainingInstances', 'FleetErrors']);

/** DECISION: a fleet that fails to start on purpose without a named code reports INTERNAL_SERVICE_ERROR. */
const DEFAULT_INJECTED_CODE = 'INTERNAL_SERVICE_ERROR';

/** The instances a fleet counts against defaultInternetAccessInstances (Elastic fleets: none of their own). */
const internetInstances = (doc: FleetDoc) => (doc.EnableDefaultInternetAccess ? desiredInstances(doc) : 0);

export function fleetHandlers(deps: ServiceDeps): FleetHandlers {
  const { db, clock } = deps;

  async function createFleet(input: CreateFleetRequest, ctx: CallContext) {
    const E = errorsOf('CreateFleet');
    checkRanges(input);
    const fleetType = input.FleetType ?? FLEET_DEFAULTS.FleetType;
    const elastic = fleetType === 'ELASTIC';
    // DECISION (§1.2): exactly one of ImageName and ImageArn (Elastic fleets: neither, checked with the type rules).
    if (!elastic && (input.ImageName === undefined) === (input.ImageArn === undefined)) {
      throw exactlyOneSourceImage();
    }
    return write(deps, ctx, async ({ tx, now }) => {
      const image = elastic ? undefined : await resolveFleetImage(tx, deps, ctx, 'CreateFleet', input, now);
      if (image) checkPlatform(input.Platform, image);
      const doc: FleetDoc = compact({
        DisplayName: input.DisplayName,
        Description: input.Description,
        ImageName: image ? image.name : input.ImageName,
        ImageArn: image ? image.arn : input.ImageArn,
        InstanceType: input.InstanceType,
        FleetType: fleetType,
        ComputeCapacity: input.ComputeCapacity && compact({ ...input.ComputeCapacity }),
        MaxUserDurationInSeconds: input.MaxUserDurationInSeconds ?? FLEET_DEFAULTS.MaxUserDurationInSeconds,
        DisconnectTimeoutInSeconds: input.DisconnectTimeoutInSeconds ?? FLEET_DEFAULTS.DisconnectTimeoutInSeconds,
        VpcConfig: input.VpcConfig,
        EnableDefaultInternetAccess: input.EnableDefaultInternetAccess ?? FLEET_DEFAULTS.EnableDefaultInternetAccess,
        DomainJoinInfo: input.DomainJoinInfo,
        IdleDisconnectTimeoutInSeconds: input.IdleDisconnectTimeoutInSeconds ? roundIdle(input.IdleDisconnectTimeoutInSeconds) : undefined,
        IamRoleArn: input.IamRoleArn,
        StreamView: input.StreamView ?? FLEET_DEFAULTS.StreamView,
        Platform: image ? image.platform : input.Platform,
        MaxConcurrentSessions: input.MaxConcurrentSessions,
        UsbDeviceFilterStrings: input.UsbDeviceFilterStrings,
        SessionScriptS3Location: input.SessionScriptS3Location,
        MaxSessionsPerInstance: input.MaxSessionsPerInstance,
        RootVolumeConfig: input.RootVolumeConfig,
        DisableIMDSV1: input.DisableIMDSV1,
      });
      checkFleetType('CreateFleet', doc, image);
      await requireDomainJoin(tx, ctx, doc.DomainJoinInfo, now, E);
      if (await fleetTable.get(tx, ctx, input.Name, now)) throw resourceKindExists('fleet', input.Name);
      await checkQuota(tx, deps, fleetTable, 'fleets', { part: ctx, nowMs: now, what: 'fleets' }, E.LimitExceededException);
      await checkInternetInstances(tx, ctx, now, input.Name, doc, undefined, E.LimitExceededException);
      const record: FleetRecord = {
        accountId: ctx.accountId,
        region: ctx.region,
        name: input.Name,
        createdMs: now,
        schedule: begin(FLEET_STATES, 'create', now, stepMs(deps)),
        goneMs: null,
        doc,
        refs: { image_name: doc.ImageName ?? null, directory_name: doc.DomainJoinInfo?.DirectoryName ?? null },
      };
      try {
        await fleetTable.insert(tx, record, now);
      } catch (e) {
        if (tx.isUniqueViolation(e)) throw resourceKindExists('fleet', input.Name);
        throw e;
      }
      await applyCreateTags(tx, fleetArn(ctx.region, ctx.accountId, input.Name), input.Tags);
      return { Fleet: viewFleet(record, now) };
    });
  }

  /**
   * Inside a write: throws `exceeded` when `doc` (the fleet `name` as it is to be; `before`, as
   * it was, absent on create) raises its instances with default internet access, and they with
   * those of the partition's other fleets pass the quota defaultInternetAccessInstances
   * (SPEC-rest §12: 100). DECISION: a fleet's desired instances count whatever its state (a
   * stopped fleet keeps its capacity and may be started at any time), and only a create or an
   * update that raises the count is checked.
   */
  async function checkInternetInstances(tx: SqlDb, part: Partition, now: number, name: string, doc: FleetDoc, before: FleetDoc | undefined, exceeded: (message: string) => AwsError) {
    let total = internetInstances(doc);
    if (total <= (before ? internetInstances(before) : 0)) return;
    for await (const f of fleetTable.each(tx, part, now)) if (f.name !== name) total += internetInstances(f.doc);
    const limit = deps.settings.quotas.defaultInternetAccessInstances;
    if (total > limit) throw exceeded(defaultInternetInstancesText(limit, partitionScope(part.accountId, part.region), total));
  }

  /**
   * Inside a write: the rules that AssociateFleet and AssociateApplicationFleet check, held when
   * an update changes the platform of fleet `name` to `platform` (SPEC-rest §1.6: the type rules
   * still apply). A stack of the fleet with Windows-only features refuses a Linux platform
   * (IncompatibleImageException, §2.4, §3); an application of the fleet that does not list the
   * platform refuses it (InvalidParameterCombinationException, §7.2). Same texts as there.
   */
  async function checkPlatformChange(tx: SqlDb, part: Partition, now: number, name: string, platform: string) {
    if (isLinuxPlatform(platform)) {
      for await (const association of fleetStackTable.each(tx, part, now, { where: { fleet_name: name } })) {
        const stack = association.parent === undefined ? undefined : await stackTable.get(tx, part, association.parent, now);
        const features = stack ? windowsOnlyFeatures(stack.doc) : [];
        if (features.length > 0) throw stackFeaturesBlockPlatform(stack!.name, name, platform, features);
      }
    }
    for await (const association of applicationFleetTable.each(tx, part, now, { parent: name })) {
      const appName = ownName(association.name, 'application', part);
      const app = appName === undefined ? undefined : await applicationTable.get(tx, part, appName, now);
      if (app && !(app.doc.Platforms ?? []).some((p) => p === platform)) {
        throw errorsOf('UpdateFleet').InvalidParameterCombinationException(applicationPlatformMismatchText(app.name, platform, name, app.doc.Platforms ?? []));
      }
    }
  }

  async function describeFleets(input: { Names?: string[]; NextToken?: string }, ctx: CallContext) {
    const names = [...new Set(input.Names ?? [])];
    const part = { accountId: ctx.accountId, region: ctx.region };
    const { items, NextToken } = await page(deps.tokenSecret, 'DescribeFleets', ctx, input, {
      filters: { Names: [...names].sort() },
      keyLength: 1,
      async fetch(cursor, limit) {
        const after = cursor?.[0] ?? null;
        if (names.length === 0) {
          // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
          const listed = await fleetViews.page(db, part, clock.reading(), { after, limit });
          return listed.nowMs === undefined ? [] : withSessions(db, part, listed.views, listed.nowMs);
        }
        const now = await clock.now();
        if (after === null) {
          // Every requested name must exist; the error names the first missing one (DECISION §1.7).
          const missing = await fleetTable.missingName(db, part, names, now);
          if (missing !== undefined) throw resourceKindNotFound('fleet', missing);
        }
        return withSessions(db, part, (await fleetViews.page(db, part, now, { after, limit, names })).views, now);
      },
      key: (f) => [f.Name!],
    });
    const out: { Fleets: Fleet[]; NextToken?: string } = { Fleets: items };
    if (NextToken !== undefined) out.NextToken = NextToken;
    return out;
  }

  async function updateFleet(input: UpdateFleetRequest, ctx: CallContext) {
    const E = errorsOf('UpdateFleet');
    if (input.Name === undefined) throw fleetNameRequired();
    const name = input.Name;
    checkRanges(input);
    if (input.ImageName !== undefined && input.ImageArn !== undefined) throw imageNameAndArnTogether();
    const deletes = new Set<string>(input.AttributesToDelete ?? []);
    if (input.DeleteVpcConfig) deletes.add('VPC_CONFIGURATION');
    for (const attribute of deletes) {
      // DECISION (§1.6): setting and deleting the same attribute is a contradiction.
      if (DELETABLE[attribute]?.setsIt(input)) {
        throw E.InvalidParameterCombinationException(setAndDeletedText(DELETABLE[attribute]!.member));
      }
    }
    return write(deps, ctx, async ({ tx, now }) => {
      const fleet = await requireFleet(tx, ctx, name, now);
      const old = fleet.doc;
      const next: FleetDoc = structuredClone(old);
      const given = input as Record<string, unknown>;
      for (const member of REPLACED_AS_GIVEN) if (given[member] !== undefined) (next as Record<string, unknown>)[member] = structuredClone(given[member]);
      if (input.IdleDisconnectTimeoutInSeconds !== undefined) {
        if (input.IdleDisconnectTimeoutInSeconds === 0) delete next.IdleDisconnectTimeoutInSeconds;
        else next.IdleDisconnectTimeoutInSeconds = roundIdle(input.IdleDisconnectTimeoutInSeconds);
      }
      for (const attribute of deletes) DELETABLE[attribute]?.remove(next);
      const elastic = next.FleetType === 'ELASTIC';
      let image: FleetImage | undefined;
      if (input.ImageName !== undefined || input.ImageArn !== undefined) {
        if (elastic) {
          next.ImageName = input.ImageName;
          next.ImageArn = input.ImageArn;
        } else {
          image = await resolveFleetImage(tx, deps, ctx, 'UpdateFleet', input, now);
          Object.assign(next, { ImageName: image.name, ImageArn: image.arn, Platform: image.platform });
        }
      } else if (!elastic && input.InstanceType !== undefined && old.ImageArn !== undefined) {
        // The instance type must suit the image kept; an image gone since is not this update's concern.
        image = await resolveFleetImage(tx, deps, ctx, 'UpdateFleet', { ImageArn: old.ImageArn }, now, true).catch(() => undefined);
      }
      if (input.Platform !== undefined) {
        if (elastic) next.Platform = input.Platform;
        else checkPlatform(input.Platform, image ?? { name: old.ImageName ?? '', arn: old.ImageArn ?? '', platform: old.Platform });
      }
      compact(next);
      checkFleetType('UpdateFleet', next, image);
      if (input.DomainJoinInfo !== undefined) await requireDomainJoin(tx, ctx, next.DomainJoinInfo, now, E);

      const changed = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter(
        (k) => !NOT_CONFIGURATION.has(k) && canonical((old as Record<string, unknown>)[k]) !== canonical((next as Record<string, unknown>)[k]),
      );
      const state = fleetState(fleet, now);
      if (changed.length > 0 && state !== 'STOPPED') {
        if (state === 'RUNNING' && !elastic && changed.includes('Platform')) {
          throw fleetImageIncompatible(next.ImageName ?? '', name);
        }
        const allowed = state === 'RUNNING' ? CHANGEABLE_WHILE_RUNNING[elastic ? 'elastic' : 'fixed'] : new Set<string>();
        if (changed.some((k) => !allowed.has(k))) throw fleetAttributeNeedsStop(name, internalState(state));
      }
      // After the state's rules: a fleet that must be stopped first says so before its associations do.
      if (next.Platform !== undefined && next.Platform !== old.Platform) await checkPlatformChange(tx, ctx, now, name, next.Platform);
      await checkInternetInstances(tx, ctx, now, name, next, old, E.LimitExceededException);
      if (state === 'RUNNING' && desiredInstances(next) !== desiredInstances(old)) {
        // Running instances converge to the new desired count over one step (§1.5).
        next.CapacityChange = { from: runningInstances(fleet, now), atMs: now, untilMs: now + stepMs(deps) };
      }
      fleet.doc = next;
      fleet.refs = { image_name: next.ImageName ?? null, directory_name: next.DomainJoinInfo?.DirectoryName ?? null };
      await fleetTable.update(tx, fleet);
      return { Fleet: viewFleet(fleet, now, await fleetSessions(tx, ctx, now, name)) };
    });
  }

  async function deleteFleet(input: { Name: string }, ctx: CallContext) {
    return write(deps, ctx, async ({ tx, now }) => {
      const fleet = await requireFleet(tx, ctx, input.Name, now);
      // The association first (DECISION §15.4), then the state.
      if ((await fleetStackTable.findByRef(tx, ctx, now, 'fleet_name', fleet.name)).length > 0) throw fleetAssociatedWithStack(fleet.name);
      const state = fleetState(fleet, now);
      if (state !== 'STOPPED') throw fleetDeleteNeedsStop(fleet.name, internalState(state));
      await fleetTable.remove(tx, ctx, fleet.name);
      // What other families keep under the fleet (its sessions, ...) goes with it.
      for (const dependent of dependentsOf(FLEET_KIND)) await dependent.remove(tx, ctx, fleet.name, now);
      // DECISION (§1.4): the fleet's application associations go with it.
      await applicationFleetTable.removeWhere(tx, ctx, { parent: fleet.name });
      await removeAllTags(tx, fleetArn(ctx.region, ctx.accountId, fleet.name));
      return {};
    });
  }

  async function startFleet(input: { Name: string }, ctx: CallContext) {
    return write(deps, ctx, async ({ tx, now }) => {
      const fleet = await requireFleet(tx, ctx, input.Name, now);
      const state = fleetState(fleet, now);
      // DECISION (§15.3): starting a starting or running fleet changes nothing.
      if (state === 'STARTING' || state === 'RUNNING') return {};
      if (state === 'STOPPING') throw fleetStillStopping(fleet.name);
      let errors: FleetError[] | undefined;
      if (fleet.doc.FleetType !== 'ELASTIC' && fleet.doc.ImageArn !== undefined) {
        // An image deleted or no longer shared since: the fleet stays STARTING with IMAGE_NOT_FOUND (§11).
        const image = await resolveFleetImage(tx, deps, ctx, 'CreateFleet', { ImageArn: fleet.doc.ImageArn }, now, true).catch(() => undefined);
        if (!image) errors = [{ ErrorCode: 'IMAGE_NOT_FOUND', ErrorMessage: fleetImageGoneText(fleet.doc.ImageName ?? fleet.doc.ImageArn) }];
      }
      if (!errors) {
        const code = await consumeFailureCode(tx, 'StartFleet', ctx.accountId);
        if (code !== undefined) {
          const errorCode = (code ?? DEFAULT_INJECTED_CODE) as FleetError['ErrorCode'] & string;
          errors = [{ ErrorCode: errorCode, ErrorMessage: fleetStartFailedText(errorCode) }];
        }
      }
      fleet.schedule = advance(FLEET_STATES, 'start', fleet.schedule, now, stepMs(deps), errors !== undefined);
      fleet.doc.FleetErrors = errors;
      delete fleet.doc.CapacityChange;
      delete fleet.doc.DrainingInstances;
      compact(fleet.doc);
      await fleetTable.update(tx, fleet);
      return {};
    });
  }

  async function stopFleet(input: { Name: string }, ctx: CallContext) {
    return write(deps, ctx, async ({ tx, now }) => {
      const fleet = await requireFleet(tx, ctx, input.Name, now);
      const state = fleetState(fleet, now);
      // Stopping a stopped or stopping fleet succeeds (Terraform stops before every delete).
      if (state === 'STOPPED' || state === 'STOPPING') return {};
      const step = stepMs(deps);
      fleet.schedule = advance(FLEET_STATES, 'stop', fleet.schedule, now, step);
      delete fleet.doc.DrainingInstances;
      await fleetTable.update(tx, fleet);
      for (const session of await fleetSessions(tx, ctx, now, fleet.name)) await endSession(tx, session, now, now, step);
      return {};
    });
  }

  return {
    CreateFleet: createFleet,
    DescribeFleets: describeFleets,
    UpdateFleet: updateFleet,
    DeleteFleet: deleteFleet,
    StartFleet: startFleet,
    StopFleet: stopFleet,
  };
}
