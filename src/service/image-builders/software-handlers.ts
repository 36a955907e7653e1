// License-included software on image builders: AssociateSoftwareToImageBuilder,
// DisassociateSoftwareFromImageBuilder, StartSoftwareDeploymentToImageBuilder,
// DescribeSoftwareAssociations. An association's status is a schedule:
//   associate:   STAGED_FOR_INSTALLATION
//   deploy:      STAGED_FOR_INSTALLATION -> PENDING_INSTALLATION -> INSTALLED
//   disassociate INSTALLED: STAGED_FOR_UNINSTALLATION; deploy: -> PENDING_UNINSTALLATION -> gone
//   disassociate a staged (not installed) one: gone at once
import { softwareDeploying, softwareNotAssociated, taggedResourceNotFound } from '../../errors/messages.js';
import type { SoftwareAssociations } from '../../generated/shapes.js';
import { getImage } from '../../store/images-repo.js';
import {
  deleteSoftwareAssociation,
  listSoftwareAssociations,
  putSoftwareAssociation,
  type SoftwareAssociationRecord,
} from '../../store/software-repo.js';
import { parseAppStreamArn } from '../arns.js';
import { errorsOf } from '../resources/op-errors.js';
import type { Handler } from '../../core/handler-types.js';
import { builderWrongState } from '../lifecycle/rules.js';
import { write } from '../resources/write.js';
import { appendTransitions, newSchedule, stateAt } from '../../core/schedule.js';
import { stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import type { ServiceDeps } from '../service-deps.js';
import { builderState } from './builder-view.js';
import { requireBuilder } from './image-builder-handlers.js';
import { checkSoftwareNames, REMOVED } from './software.js';
import type { ImageDocWithSoftware } from './source-image.js';

type SoftwareHandlers = {
  AssociateSoftwareToImageBuilder: Handler<'AssociateSoftwareToImageBuilder'>;
  DisassociateSoftwareFromImageBuilder: Handler<'DisassociateSoftwareFromImageBuilder'>;
  StartSoftwareDeploymentToImageBuilder: Handler<'StartSoftwareDeploymentToImageBuilder'>;
  DescribeSoftwareAssociations: Handler<'DescribeSoftwareAssociations'>;
};

export function softwareStatus(a: SoftwareAssociationRecord, nowMs: number): string {
  return stateAt(a.doc.schedule, nowMs).state;
}

/** The associations of a builder that exist now, by software name. */
export async function currentSoftware(
  handle: Parameters<typeof listSoftwareAssociations>[0],
  accountId: string,
  region: string,
  builderName: string,
  nowMs: number,
): Promise<Map<string, SoftwareAssociationRecord>> {
  const all = await listSoftwareAssociations(handle, accountId, region, builderName);
  return new Map(all.filter((a) => softwareStatus(a, nowMs) !== REMOVED).map((a) => [a.softwareName, a]));
}

/** DECISION: software can be associated and disassociated while the builder is RUNNING or STOPPED. */
const EDITABLE_STATES = ['RUNNING', 'STOPPED'];


export function softwareHandlers(deps: ServiceDeps): SoftwareHandlers {
  const { db, clock } = deps;

  return {
    async AssociateSoftwareToImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.ImageBuilderName, now);
        const names = [...new Set(input.SoftwareNames)];
        checkSoftwareNames('AssociateSoftwareToImageBuilder', names, builder.doc.Platform, `the image builder ${builder.name}`);
        const state = builderState(builder, now);
        if (!EDITABLE_STATES.includes(state)) throw builderWrongState('AssociateSoftwareToImageBuilder', builder.name, state, EDITABLE_STATES);
        const existing = await currentSoftware(tx, ctx.accountId, ctx.region, builder.name, now);
        for (const softwareName of names) {
          const current = existing.get(softwareName);
          const status = current && softwareStatus(current, now);
          // Associating again what is associated changes nothing; it cancels a staged uninstall.
          if (current && status !== 'STAGED_FOR_UNINSTALLATION') continue;
          await putSoftwareAssociation(tx, {
            accountId: ctx.accountId,
            region: ctx.region,
            builderName: builder.name,
            softwareName,
            doc: { schedule: newSchedule(now, 0, status === 'STAGED_FOR_UNINSTALLATION' ? 'INSTALLED' : 'STAGED_FOR_INSTALLATION') },
          });
        }
        return {};
      });
    },

    async DisassociateSoftwareFromImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.ImageBuilderName, now);
        const names = [...new Set(input.SoftwareNames)];
        checkSoftwareNames('DisassociateSoftwareFromImageBuilder', names, undefined, `the image builder ${builder.name}`);
        const state = builderState(builder, now);
        if (!EDITABLE_STATES.includes(state)) {
          throw builderWrongState('DisassociateSoftwareFromImageBuilder', builder.name, state, EDITABLE_STATES);
        }
        const existing = await currentSoftware(tx, ctx.accountId, ctx.region, builder.name, now);
        for (const softwareName of names) {
          const current = existing.get(softwareName);
          if (!current) {
            // DECISION: disassociating software that is not associated: ResourceNotFoundException.
            throw softwareNotAssociated(softwareName, builder.name);
          }
          const status = softwareStatus(current, now);
          if (status.startsWith('PENDING_')) {
            throw softwareDeploying(softwareName, status, builder.name);
          }
        }
        for (const softwareName of names) {
          const current = existing.get(softwareName)!;
          const status = softwareStatus(current, now);
          if (status === 'STAGED_FOR_INSTALLATION' || status === 'FAILED_TO_INSTALL') {
            await deleteSoftwareAssociation(tx, ctx.accountId, ctx.region, builder.name, softwareName);
          } else if (status !== 'STAGED_FOR_UNINSTALLATION') {
            await putSoftwareAssociation(tx, { ...current, doc: { schedule: newSchedule(now, 0, 'STAGED_FOR_UNINSTALLATION') } });
          }
        }
        return {};
      });
    },

    async StartSoftwareDeploymentToImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.ImageBuilderName, now);
        const state = builderState(builder, now);
        if (state !== 'RUNNING') throw builderWrongState('StartSoftwareDeploymentToImageBuilder', builder.name, state, ['RUNNING']);
        const step = stepMs(deps);
        const retry = input.RetryFailedDeployments === true;
        for (const current of (await currentSoftware(tx, ctx.accountId, ctx.region, builder.name, now)).values()) {
          const status = softwareStatus(current, now);
          let schedule;
          if (status === 'STAGED_FOR_INSTALLATION' || (retry && status === 'FAILED_TO_INSTALL')) {
            schedule = appendTransitions(current.doc.schedule, now, step, 'PENDING_INSTALLATION', 'INSTALLED');
          } else if (status === 'STAGED_FOR_UNINSTALLATION' || (retry && status === 'FAILED_TO_UNINSTALL')) {
            schedule = appendTransitions(current.doc.schedule, now, step, 'PENDING_UNINSTALLATION', REMOVED);
          } else {
            continue;
          }
          await putSoftwareAssociation(tx, { ...current, doc: { schedule } });
        }
        return {};
      });
    },

    async DescribeSoftwareAssociations(input, ctx) {
      const now = await clock.now();
      const arn = input.AssociatedResource;
      const parsed = parseAppStreamArn(arn);
      const notFound = () => taggedResourceNotFound(arn);
      if (!parsed || parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) throw notFound();
      let items: SoftwareAssociations[];
      if (parsed.resourceType === 'image-builder') {
        await requireBuilder(db, ctx, parsed.name, now);
        items = [...(await currentSoftware(db, ctx.accountId, ctx.region, parsed.name, now)).values()].map((a) => {
          const item: SoftwareAssociations = { SoftwareName: a.softwareName, Status: softwareStatus(a, now) as SoftwareAssociations['Status'] };
          if (a.doc.DeploymentError && item.Status?.startsWith('FAILED')) item.DeploymentError = a.doc.DeploymentError;
          return item;
        });
      } else if (parsed.resourceType === 'image') {
        const image = await getImage(db, ctx.accountId, ctx.region, parsed.name, now);
        if (!image) throw notFound();
        items = [...((image.doc as ImageDocWithSoftware).SoftwareNames ?? [])].sort().map((n) => ({ SoftwareName: n, Status: 'INSTALLED' as const }));
      } else {
        // DECISION (the model documents images and image builders as the possible resources): a
        // resource of another kind is refused for its kind, whether it exists or not, with the
        // modeled OperationNotPermitted rather than "does not exist".
        throw errorsOf('DescribeSoftwareAssociations').OperationNotPermittedException(
          `Software associations are only available for images and image builders, not for the resource type ${parsed.resourceType} (${arn}).`,
        );
      }
      const { items: listed, NextToken } = await page(deps.tokenSecret, 'DescribeSoftwareAssociations', ctx, input, {
        filters: { AssociatedResource: arn },
        keyLength: 1,
        fetch: async (cursor, limit) => (cursor === null ? items : items.filter((i) => i.SoftwareName! > cursor[0]!)).slice(0, limit),
        key: (i) => [i.SoftwareName!],
      });
      const out: { AssociatedResource: string; SoftwareAssociations: SoftwareAssociations[]; NextToken?: string } = {
        AssociatedResource: arn,
        SoftwareAssociations: listed,
      };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },
  };
}
