// A stored image builder as a caller sees it: the ImageBuilder shape with its derived members
// (Arn, State at the emulated now, failure details, network details while it runs).
import { createHash } from 'node:crypto';
import { LATEST_AGENT_VERSION } from '../../catalog/public-images.js';
import type { ImageBuilder } from '../../generated/shapes.js';
import type { ImageBuilderRecord } from '../../store/builders-repo.js';
import { imageBuilderArn } from '../arns.js';
import { stateAt } from '../../core/schedule.js';

export function builderState(record: ImageBuilderRecord, nowMs: number): string {
  return stateAt(record.schedule, nowMs).state;
}

const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** DECISION: a builder that has an instance (RUNNING, SNAPSHOTTING, ...) shows a stable made-up ENI. */
function networkOf(record: ImageBuilderRecord) {
  const h = createHash('sha256').update(`${record.accountId}/${record.region}/${record.name}/${record.createdMs}`).digest();
  return {
    EniPrivateIpAddress: `10.${h[0]! % 256}.${h[1]! % 256}.${(h[2]! % 250) + 4}`,
    EniId: `eni-${h.subarray(3, 12).toString('hex').slice(0, 17)}`,
  };
}

const HAS_INSTANCE = new Set(['RUNNING', 'SNAPSHOTTING', 'STOPPING', 'UPDATING_AGENT', 'REBOOTING']);

export function viewImageBuilder(record: ImageBuilderRecord, nowMs: number): ImageBuilder {
  const d = record.doc;
  const current = stateAt(record.schedule, nowMs);
  const state = current.state;
  const failure = state === 'FAILED' && d.PlannedFailure ? d.PlannedFailure : undefined;
  const builder: ImageBuilder = {
    Name: record.name,
    Arn: imageBuilderArn(record.region, record.accountId, record.name),
    ImageArn: d.ImageArn,
    Description: d.Description,
    DisplayName: d.DisplayName,
    VpcConfig: d.VpcConfig,
    InstanceType: d.InstanceType,
    Platform: d.Platform as ImageBuilder['Platform'],
    IamRoleArn: d.IamRoleArn,
    State: state as ImageBuilder['State'],
    StateChangeReason: (failure?.StateChangeReason ?? d.StateChangeReason) as ImageBuilder['StateChangeReason'],
    CreatedTime: new Date(record.createdMs),
    EnableDefaultInternetAccess: d.EnableDefaultInternetAccess ?? false,
    DomainJoinInfo: d.DomainJoinInfo,
    NetworkAccessConfiguration: HAS_INSTANCE.has(state) ? networkOf(record) : undefined,
    ImageBuilderErrors: (failure
      ? failure.ImageBuilderErrors.map((e) => ({ ...e, ErrorTimestamp: new Date(current.atMs) }))
      : d.ImageBuilderErrors?.map((e) => ({ ...e, ErrorTimestamp: toDate(e.ErrorTimestamp) }))) as ImageBuilder['ImageBuilderErrors'],
    AppstreamAgentVersion: d.AppstreamAgentVersion,
    AccessEndpoints: d.AccessEndpoints as ImageBuilder['AccessEndpoints'],
    RootVolumeConfig: d.RootVolumeConfig,
    LatestAppstreamAgentVersion:
      d.AppstreamAgentVersion === undefined ? undefined : d.AppstreamAgentVersion === LATEST_AGENT_VERSION ? 'TRUE' : 'FALSE',
    DisableIMDSV1: d.DisableIMDSV1,
  };
  for (const key of Object.keys(builder) as (keyof ImageBuilder)[]) if (builder[key] === undefined) delete builder[key];
  return builder;
}

/** The view an action answers: the state the action just entered, whatever the step length. */
export function viewImageBuilderAsEntered(record: ImageBuilderRecord, nowMs: number, state: string): ImageBuilder {
  return viewImageBuilder({ ...record, schedule: [{ state, atMs: nowMs }] }, nowMs);
}
