// The Image Assistant: what AWS runs inside a RUNNING image builder to make an image (no public
// API; CloudTrail records the result as CreateImage). The control API
// (/_appstream/image-assistant/*) and the console's streaming page both call these functions.
//   addApplication: adds an application to the builder's catalogue;
//   createImage:    makes a private image from the builder: the image PENDING -> AVAILABLE (or
//                   FAILED), the builder SNAPSHOTTING -> STOPPED.
import { findPublicImageByArn, LATEST_AGENT_VERSION } from '../../catalog/public-images.js';
import { protocolErrors } from '../../errors/catalog.js';
import type { Application, Image } from '../../generated/shapes.js';
import { updateImageBuilder, type AssistantApplication, type ImageBuilderRecord } from '../../store/builders-repo.js';
import type { ImageRecord } from '../../store/images-repo.js';
import { imageArn } from '../arns.js';
import type { CallContext } from '../context.js';
import { viewImage } from '../images/image-view.js';
import {
  builderWrongState,
  checkImageNameFree,
  checkNewImageName,
  insertNewImage,
  lockAndCheckImageQuota,
} from '../lifecycle/rules.js';
import { write } from '../resources/write.js';
import { advance, begin } from '../resources/state-machine.js';
import { IMAGE_STATES } from '../images/states.js';
import { BUILDER_STATES } from './states.js';
import { consumeFailure, imageFailure, stepMs } from '../lifecycle/transitions.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { builderState } from './builder-view.js';
import { requireBuilder } from './image-builder-handlers.js';
import { currentSoftware, softwareStatus } from './software-handlers.js';
import type { ImageDocWithSoftware } from './source-image.js';
import type { ImageDocWithOrigin } from '../images/image-members.js';

export interface AddApplicationInput {
  AccountId: string;
  Region: string;
  ImageBuilderName: string;
  Name: string;
  AbsoluteAppPath: string;
  DisplayName?: string;
  LaunchParameters?: string;
  WorkingDirectory?: string;
}

export interface CreateImageInput {
  AccountId: string;
  Region: string;
  ImageBuilderName: string;
  Name: string;
  DisplayName?: string;
  Description?: string;
  Tags?: Record<string, string>;
  UseLatestAgentVersion?: boolean;
}

// ---- input checks (the control API has no generated validator) -----------------------------

type Spec = { type: 'string' | 'boolean' | 'tags'; required?: boolean; max?: number; pattern?: RegExp };

function checkInput(body: unknown, specs: Record<string, Spec>): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw protocolErrors.validation(['The request body must be a JSON object']);
  }
  const value = body as Record<string, unknown>;
  const failures: string[] = [];
  for (const [member, spec] of Object.entries(specs)) {
    const v = value[member];
    if (v === undefined || v === null) {
      if (spec.required) failures.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (spec.type === 'tags') {
      if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v as object).every((x) => typeof x === 'string')) {
        failures.push(`Value at '${member}' failed to satisfy constraint: Member must be a map of strings to strings`);
      }
      continue;
    }
    if (typeof v !== spec.type) {
      failures.push(`Value at '${member}' failed to satisfy constraint: Member must be a ${spec.type}`);
      continue;
    }
    if (spec.type === 'string') {
      const s = v as string;
      if (spec.required && s.length === 0) failures.push(`Value '' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      if (spec.max !== undefined && s.length > spec.max) {
        failures.push(`Value '${s}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${spec.max}`);
      }
      if (spec.pattern && s.length > 0 && !spec.pattern.test(s)) {
        failures.push(`Value '${s}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${spec.pattern.source}`);
      }
    }
  }
  if (failures.length > 0) throw protocolErrors.validation(failures);
}

const WHERE: Record<string, Spec> = {
  AccountId: { type: 'string', required: true, pattern: /^\d{12}$/ },
  Region: { type: 'string', required: true, pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/ },
  ImageBuilderName: { type: 'string', required: true, max: 101 },
};

export function checkAddApplicationInput(body: unknown): AddApplicationInput {
  checkInput(body, {
    ...WHERE,
    Name: { type: 'string', required: true, max: 100, pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/ },
    AbsoluteAppPath: { type: 'string', required: true, max: 32767 },
    DisplayName: { type: 'string', max: 100 },
    LaunchParameters: { type: 'string', max: 1024 },
    WorkingDirectory: { type: 'string', max: 32767 },
  });
  return body as AddApplicationInput;
}

export function checkCreateImageInput(body: unknown): CreateImageInput {
  checkInput(body, {
    ...WHERE,
    Name: { type: 'string', required: true },
    DisplayName: { type: 'string', max: 100 },
    Description: { type: 'string', max: 256 },
    Tags: { type: 'tags' },
    UseLatestAgentVersion: { type: 'boolean' },
  });
  return body as CreateImageInput;
}

// ---- the two steps --------------------------------------------------------------------------

const ctxOf = (input: { AccountId: string; Region: string }): CallContext => ({
  accountId: input.AccountId,
  region: input.Region,
  requestId: '',
});

/**
 * What images made from a builder inherit from its source image. Builders created through the
 * API record it; seeded builders may not: then it is read from the catalogue by ImageArn.
 */
function sourceOf(builder: ImageBuilderRecord): NonNullable<ImageBuilderRecord['doc']['Source']> {
  if (builder.doc.Source) return builder.doc.Source;
  const arn = builder.doc.ImageArn;
  const found = arn ? findPublicImageByArn(builder.region, arn) : undefined;
  const image = found && !found.deprecated ? found.image : undefined;
  return image
    ? { PublicBaseImageReleasedDate: image.PublicBaseImageReleasedDate?.getTime(), SupportedInstanceFamilies: image.SupportedInstanceFamilies }
    : {};
}

/**
 * The builder's catalogue as the Application shape images carry. Takes any stored record of
 * the image-builder family (queries.resourceRecord answers its doc untyped).
 */
export function assistantApplications(record: { doc: unknown }): Application[] {
  const builder = record as ImageBuilderRecord;
  return (builder.doc.Applications ?? []).map((a) => {
    const app: Application = {
      Name: a.Name,
      DisplayName: a.DisplayName ?? a.Name,
      LaunchPath: a.AbsoluteAppPath,
      LaunchParameters: a.LaunchParameters,
      WorkingDirectory: a.WorkingDirectory,
      Enabled: true,
      Platforms: builder.doc.Platform ? [builder.doc.Platform as NonNullable<Application['Platforms']>[number]] : undefined,
      InstanceFamilies: sourceOf(builder).SupportedInstanceFamilies,
      Metadata: {},
    };
    for (const key of Object.keys(app) as (keyof Application)[]) if (app[key] === undefined) delete app[key];
    return app;
  });
}

/**
 * Adds (or, for a name already there, replaces) an application in a RUNNING builder's catalogue.
 * Errors: ResourceNotFoundException (no such builder), ResourceNotAvailableException (not RUNNING).
 */
export async function addApplication(deps: ServiceDeps, body: unknown): Promise<{ ImageBuilderName: string; Applications: Application[] }> {
  const input = checkAddApplicationInput(body);
  const ctx = ctxOf(input);
  return write(deps, ctx, async ({ tx, now }) => {
    const builder = await requireBuilder(tx, ctx, input.ImageBuilderName, now);
    const state = builderState(builder, now);
    if (state !== 'RUNNING') throw builderWrongState('CreateImage', builder.name, state, ['RUNNING']);
    const app: AssistantApplication = { Name: input.Name, AbsoluteAppPath: input.AbsoluteAppPath };
    if (input.DisplayName !== undefined) app.DisplayName = input.DisplayName;
    if (input.LaunchParameters !== undefined) app.LaunchParameters = input.LaunchParameters;
    if (input.WorkingDirectory !== undefined) app.WorkingDirectory = input.WorkingDirectory;
    builder.doc.Applications = [...(builder.doc.Applications ?? []).filter((a) => a.Name !== app.Name), app];
    await updateImageBuilder(tx, builder);
    return { ImageBuilderName: builder.name, Applications: assistantApplications(builder) };
  });
}

/**
 * Makes a private image from a RUNNING builder. Errors (in the API's envelope): ValidationException
 * (bad name, reserved prefix), ResourceNotFoundException (no such builder),
 * ResourceNotAvailableException (builder not RUNNING), ResourceAlreadyExistsException (name
 * taken), LimitExceededException (image quota).
 */
export async function createImage(deps: ServiceDeps, body: unknown): Promise<{ Image: Image }> {
  const input = checkCreateImageInput(body);
  checkNewImageName(input.Name, 'Name');
  const ctx = ctxOf(input);
  return write(deps, ctx, async ({ tx, now }) => {
    const builder = await requireBuilder(tx, ctx, input.ImageBuilderName, now);
    const state = builderState(builder, now);
    if (state !== 'RUNNING') throw builderWrongState('CreateImage', builder.name, state, ['RUNNING']);
    await checkImageNameFree(tx, ctx.accountId, ctx.region, input.Name, now);
    await lockAndCheckImageQuota(tx, deps, ctx.accountId, ctx.region, now);
    const step = stepMs(deps);
    const fails = await consumeFailure(tx, 'CreateImage', ctx.accountId);
    const software = [...(await currentSoftware(tx, ctx.accountId, ctx.region, builder.name, now)).values()]
      .filter((a) => softwareStatus(a, now) === 'INSTALLED')
      .map((a) => a.softwareName);
    const applications = assistantApplications(builder);
    const doc: ImageDocWithSoftware & ImageDocWithOrigin = {
      Origin: 'MADE',
      DisplayName: input.DisplayName,
      Description: input.Description,
      BaseImageArn: builder.doc.ImageArn,
      ImageBuilderName: builder.name,
      ImageBuilderSupported: true,
      Platform: builder.doc.Platform,
      ImageType: 'NATIVE',
      Applications: applications.length > 0 ? applications : undefined,
      PublicBaseImageReleasedDate: sourceOf(builder).PublicBaseImageReleasedDate,
      AppstreamAgentVersion: input.UseLatestAgentVersion ? LATEST_AGENT_VERSION : builder.doc.AppstreamAgentVersion,
      SupportedInstanceFamilies: sourceOf(builder).SupportedInstanceFamilies,
      DynamicAppProvidersEnabled: sourceOf(builder).DynamicAppProvidersEnabled,
      ManagedSoftwareIncluded: software.length > 0 ? true : undefined,
      SoftwareNames: software.length > 0 ? software : undefined,
      PlannedFailure: fails ? imageFailure('CreateImage') : undefined,
    };
    for (const key of Object.keys(doc) as (keyof typeof doc)[]) if (doc[key] === undefined) delete doc[key];
    const image: ImageRecord = {
      accountId: ctx.accountId,
      region: ctx.region,
      name: input.Name,
      createdMs: now,
      schedule: begin(IMAGE_STATES, 'create', now, step, fails),
      goneMs: null,
      doc,
    };
    await insertNewImage(tx, image, now);
    await applyCreateTags(tx, imageArn(ctx.region, ctx.accountId, input.Name), input.Tags);
    builder.schedule = advance(BUILDER_STATES, 'snapshot', builder.schedule, now, step);
    await updateImageBuilder(tx, builder);
    return { Image: viewImage({ ...image, schedule: [{ state: 'PENDING', atMs: now }], sharedWithOthers: false }, now) };
  });
}
