// The applications group (SPEC-rest §7.1): CreateApplication, DescribeApplications,
// UpdateApplication, DeleteApplication. An application is what an Elastic fleet streams: a
// launch path inside an app block, for some platforms and instance families.
import * as msg from '../../errors/messages.js';
import { resourceKindExists, resourceKindNotFound } from '../../errors/messages.js';
import type { Application } from '../../generated/shapes.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { removeAllTags } from '../../store/tags-repo.js';
import { appBlockTable } from '../app-blocks/family.js';
import type { CallContext } from '../context.js';
import { fleetTable } from '../fleets/family.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import { APPLICATION_ICON_PATH, ownAssetUrl } from '../own-urls.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import {
  APPLICATION_INSTANCE_FAMILIES,
  ELASTIC_PLATFORMS,
  compact,
  elasticArn,
  insertNew,
  nameOrArn,
  namesOfArns,
  ownName,
  partOf,
} from './elastic-common.js';
import { applicationFleetTable, applicationTable, type ApplicationDoc } from './family.js';

type ApplicationHandlers = {
  CreateApplication: Handler<'CreateApplication'>;
  DescribeApplications: Handler<'DescribeApplications'>;
  UpdateApplication: Handler<'UpdateApplication'>;
  DeleteApplication: Handler<'DeleteApplication'>;
};

/**
 * An application as callers see it. IconURL is the emulator's URL of the icon (AWS: a URL that
 * "might be time-limited"); `baseUrl` is where the server listens.
 */
export function viewApplication(record: ResourceRecord<ApplicationDoc>, baseUrl: string): Application {
  const d = record.doc;
  return compact<Application>({
    Name: record.name,
    DisplayName: d.DisplayName,
    IconURL: ownAssetUrl(baseUrl, APPLICATION_ICON_PATH, record, record.name),
    LaunchPath: d.LaunchPath,
    LaunchParameters: d.LaunchParameters,
    // DECISION (SPEC-rest §7.1): enabled, with empty metadata.
    Enabled: d.Enabled ?? true,
    Metadata: d.Metadata ?? {},
    WorkingDirectory: d.WorkingDirectory,
    Description: d.Description,
    Arn: elasticArn('application', record, record.name),
    AppBlockArn: d.AppBlockArn,
    IconS3Location: d.IconS3Location,
    Platforms: d.Platforms,
    InstanceFamilies: d.InstanceFamilies,
    CreatedTime: new Date(record.createdMs),
  });
}

/** Applications as DescribeApplications answers them, kept per row version, one memo per base URL (their IconURL starts with it). */
const memos = new Map<string, ViewMemo<ApplicationDoc, Application>>();
function applicationViews(baseUrl: string): ViewMemo<ApplicationDoc, Application> {
  let memo = memos.get(baseUrl);
  if (!memo) memos.set(baseUrl, (memo = new ViewMemo(applicationTable, baseUrl, (record: ResourceRecord<ApplicationDoc>) => viewApplication(record, baseUrl))));
  return memo;
}

/**
 * DECISION (SPEC-rest §7.1): Elastic platforms and instance families only; CreateApplication
 * lists no InvalidParameterCombinationException, so the problem is OperationNotPermitted.
 * Answers the problem's text, or undefined.
 */
function platformProblem(platforms: readonly string[], families: readonly string[]): string | undefined {
  if (platforms.length === 0) return msg.emptyListText('Platforms', 'platform');
  const platform = platforms.find((p) => !(ELASTIC_PLATFORMS as readonly string[]).includes(p));
  if (platform !== undefined) return msg.elasticPlatformUnsupportedText(platform, ELASTIC_PLATFORMS, 'applications');
  if (families.length === 0) return msg.emptyListText('InstanceFamilies', 'instance family');
  const family = families.find((f) => !(APPLICATION_INSTANCE_FAMILIES as readonly string[]).includes(f));
  if (family !== undefined) return msg.applicationInstanceFamilyUnsupportedText(family, APPLICATION_INSTANCE_FAMILIES);
  return undefined;
}

/** The members CreateApplication and UpdateApplication both take, as given (absent ones left out). */
function givenMembers(input: Partial<Pick<ApplicationDoc, 'DisplayName' | 'Description' | 'IconS3Location' | 'LaunchPath' | 'WorkingDirectory' | 'LaunchParameters' | 'AppBlockArn'>>) {
  return compact({
    DisplayName: input.DisplayName,
    Description: input.Description,
    IconS3Location: input.IconS3Location,
    LaunchPath: input.LaunchPath,
    WorkingDirectory: input.WorkingDirectory,
    LaunchParameters: input.LaunchParameters,
    AppBlockArn: input.AppBlockArn,
  });
}

/** Whether the app block `arn` is the caller's and exists now. */
async function appBlockExists(tx: SqlDb, ctx: CallContext, arn: string, nowMs: number): Promise<boolean> {
  const name = ownName(arn, 'app-block', ctx);
  return name !== undefined && (await appBlockTable.get(tx, partOf(ctx), name, nowMs)) !== undefined;
}

/**
 * The fleets an application is associated with (up to `limit`), dropping associations whose
 * fleet no longer exists (a fleet deleted without its associations must not pin the app).
 */
export async function fleetsOfApplication(tx: SqlDb, ctx: CallContext, arn: string, nowMs: number, limit: number): Promise<string[]> {
  const part = partOf(ctx);
  const rows = await applicationFleetTable.findByRef(tx, part, nowMs, 'application_arn', arn, limit);
  const out: string[] = [];
  for (const row of rows) if (await fleetTable.get(tx, part, row.parent ?? '', nowMs)) out.push(row.parent ?? '');
  return out;
}

export function applicationHandlers(deps: ServiceDeps): ApplicationHandlers {
  const { db, clock } = deps;
  const baseUrl = () => deps.baseUrl?.() ?? '';

  return {
    async CreateApplication(input, ctx) {
      const E = errorsOf('CreateApplication');
      const problem = platformProblem(input.Platforms, input.InstanceFamilies);
      if (problem) throw E.OperationNotPermittedException(problem);
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        if (await applicationTable.get(tx, part, input.Name, now)) throw resourceKindExists('application', input.Name);
        if (!(await appBlockExists(tx, ctx, input.AppBlockArn, now))) {
          throw resourceKindNotFound('app block', nameOrArn(input.AppBlockArn, 'app-block', ctx));
        }
        const limit = deps.settings.quotas.applications;
        if ((await applicationTable.count(tx, part, now)) >= limit) throw E.LimitExceededException(msg.quotaReachedText('applications', limit, msg.partitionScope(ctx.accountId, ctx.region)));
        const record: ResourceRecord<ApplicationDoc> = {
          ...part,
          name: input.Name,
          createdMs: now,
          schedule: [],
          goneMs: null,
          doc: {
            ...givenMembers(input),
            Platforms: [...new Set(input.Platforms)],
            InstanceFamilies: [...new Set(input.InstanceFamilies)],
          },
          refs: { app_block_arn: input.AppBlockArn },
        };
        await insertNew(tx, applicationTable, record, now, () => resourceKindExists('application', input.Name));
        await applyCreateTags(tx, elasticArn('application', part, input.Name), input.Tags);
        return { Application: viewApplication(record, baseUrl()) };
      });
    },

    async DescribeApplications(input, ctx) {
      const E = errorsOf('DescribeApplications');
      const part = partOf(ctx);
      const arns = input.Arns ?? [];
      let names: string[] | undefined;
      if (arns.length > 0) {
        const now = await clock.now();
        const resolved = await namesOfArns(db, applicationTable, 'application', part, arns, now);
        // DECISION (SPEC-rest §7.1): an unknown ARN is ResourceNotFound, as for images (SPEC §3).
        if ('missing' in resolved) throw resourceKindNotFound('application', nameOrArn(resolved.missing, 'application', part));
        names = resolved.names;
      }
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeApplications', ctx, input, {
        filters: { Arns: names ?? [] },
        keyLength: 1,
        // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
        fetch: async (cursor, limit) => (await applicationViews(baseUrl()).page(db, part, clock.reading(), { after: cursor?.[0] ?? null, limit, names })).views,
        key: (a) => [a.Name!],
      });
      return compact({ Applications: items, NextToken });
    },

    async UpdateApplication(input, ctx) {
      const E = errorsOf('UpdateApplication');
      const deleting = new Set(input.AttributesToDelete ?? []);
      if ((deleting.has('LAUNCH_PARAMETERS') && input.LaunchParameters !== undefined) || (deleting.has('WORKING_DIRECTORY') && input.WorkingDirectory !== undefined)) {
        // DECISION: setting and deleting one attribute is refused (UpdateApplication lists no InvalidParameterCombination).
        throw E.OperationNotPermittedException(msg.setAndDeletedText(deleting.has('LAUNCH_PARAMETERS') && input.LaunchParameters !== undefined ? 'LaunchParameters' : 'WorkingDirectory'));
      }
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const app = await applicationTable.get(tx, part, input.Name, now);
        if (!app) throw resourceKindNotFound('application', input.Name);
        if (input.AppBlockArn !== undefined && !(await appBlockExists(tx, ctx, input.AppBlockArn, now))) {
          throw resourceKindNotFound('app block', nameOrArn(input.AppBlockArn, 'app-block', ctx));
        }
        app.doc = {
          ...app.doc,
          ...givenMembers(input),
        };
        if (deleting.has('LAUNCH_PARAMETERS')) delete app.doc.LaunchParameters;
        if (deleting.has('WORKING_DIRECTORY')) delete app.doc.WorkingDirectory;
        app.refs = { app_block_arn: app.doc.AppBlockArn ?? null };
        await applicationTable.update(tx, app);
        return { Application: viewApplication(app, baseUrl()) };
      });
    },

    async DeleteApplication(input, ctx) {
      const E = errorsOf('DeleteApplication');
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const app = await applicationTable.get(tx, part, input.Name, now);
        if (!app) throw resourceKindNotFound('application', input.Name);
        const arn = elasticArn('application', part, app.name);
        const [fleet] = await fleetsOfApplication(tx, ctx, arn, now, 1000);
        if (fleet !== undefined) {
          // DECISION (SPEC-rest §7.1): an application associated with a fleet stays.
          throw E.ResourceInUseException(
            msg.applicationAssociatedText(app.name, fleet),
          );
        }
        // Associations left behind by deleted fleets go with the application.
        await applicationFleetTable.removeWhere(tx, part, { column: 'application_arn', value: arn });
        await applicationTable.remove(tx, part, app.name);
        await removeAllTags(tx, arn);
        return {};
      });
    },
  };
}
