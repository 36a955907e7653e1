// Application - fleet associations (SPEC-rest §7.2): AssociateApplicationFleet,
// DisassociateApplicationFleet, DescribeApplicationFleetAssociations. One row per pair, under the
// fleet, named by the application's ARN. Fleets are read through the fleets family's table.
import * as msg from '../../errors/messages.js';
import { resourceKindNotFound } from '../../errors/messages.js';
import type { ApplicationFleetAssociation } from '../../generated/shapes.js';
import { parentsByRef } from '../../store/elastic-repo.js';
import { APPLICATION_FLEET_ASSOCIATIONS } from '../../store/tables.js';
import { fleetTable } from '../fleets/family.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { compact, nameOrArn, ownName, partOf } from './elastic-common.js';
import { applicationFleetTable, applicationTable } from './family.js';

type FleetAssociationHandlers = {
  AssociateApplicationFleet: Handler<'AssociateApplicationFleet'>;
  DisassociateApplicationFleet: Handler<'DisassociateApplicationFleet'>;
  DescribeApplicationFleetAssociations: Handler<'DescribeApplicationFleetAssociations'>;
};

/** DECISION (SPEC-rest §7.2, §12): at most 50 applications per Elastic fleet. */
export const MAX_APPLICATIONS_PER_FLEET = 50;

export function applicationFleetHandlers(deps: ServiceDeps): FleetAssociationHandlers {
  const { db, clock } = deps;

  return {
    async AssociateApplicationFleet(input, ctx) {
      const E = errorsOf('AssociateApplicationFleet');
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const fleet = await fleetTable.get(tx, part, input.FleetName, now);
        if (!fleet) throw resourceKindNotFound('fleet', input.FleetName);
        const appName = ownName(input.ApplicationArn, 'application', ctx);
        const app = appName === undefined ? undefined : await applicationTable.get(tx, part, appName, now);
        if (!app) throw resourceKindNotFound('application', nameOrArn(input.ApplicationArn, 'application', ctx));
        if (fleet.doc.FleetType !== 'ELASTIC') {
          // AWS [Md]: "only supported for Elastic fleets". DECISION: the text.
          throw E.OperationNotPermittedException(
            msg.fleetNotElasticText(fleet.name, fleet.doc.FleetType ?? 'ON_DEMAND'),
          );
        }
        const platform = fleet.doc.Platform;
        if (platform === undefined || !(app.doc.Platforms ?? []).includes(platform)) {
          // DECISION (SPEC-rest §7.2): the application must support the fleet's platform.
          throw E.InvalidParameterCombinationException(
            msg.applicationPlatformMismatchText(app.name, platform ?? '(none)', fleet.name, app.doc.Platforms ?? []),
          );
        }
        const association = { FleetName: fleet.name, ApplicationArn: input.ApplicationArn };
        // AWS allows this in every fleet state [DG]; a repeated association succeeds (decision).
        if (await applicationFleetTable.get(tx, part, input.ApplicationArn, now, fleet.name)) return { ApplicationFleetAssociation: association };
        if ((await applicationFleetTable.count(tx, part, now, fleet.name)) >= MAX_APPLICATIONS_PER_FLEET) {
          throw E.LimitExceededException(msg.fleetApplicationLimitText(fleet.name, MAX_APPLICATIONS_PER_FLEET));
        }
        await applicationFleetTable.insert(
          tx,
          { ...part, parent: fleet.name, name: input.ApplicationArn, createdMs: now, schedule: [], goneMs: null, doc: {}, refs: { application_arn: input.ApplicationArn } },
          now,
        );
        return { ApplicationFleetAssociation: association };
      });
    },

    async DisassociateApplicationFleet(input, ctx) {
      // ResourceNotFound is not modeled: an unknown pair succeeds (DECISION, SPEC-rest §7.2).
      await write(deps, ctx, ({ tx }) => applicationFleetTable.remove(tx, partOf(ctx), input.ApplicationArn, input.FleetName));
      return {};
    },

    async DescribeApplicationFleetAssociations(input, ctx) {
      const E = errorsOf('DescribeApplicationFleetAssociations');
      const { FleetName: fleetName, ApplicationArn: arn } = input;
      // AWS's text [Md].
      if (fleetName === undefined && arn === undefined) throw E.InvalidParameterCombinationException(msg.eitherMemberRequiredText('ApplicationArn', 'FleetName'));
      const now = await clock.now();
      const part = partOf(ctx);
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeApplicationFleetAssociations', ctx, input, {
        filters: { FleetName: fleetName ?? null, ApplicationArn: arn ?? null },
        keyLength: 1,
        async fetch(cursor, limit): Promise<ApplicationFleetAssociation[]> {
          const after = cursor?.[0] ?? null;
          if (fleetName !== undefined) {
            const rows = await applicationFleetTable.page(db, part, now, { parent: fleetName, after, limit, ...(arn !== undefined ? { names: [arn] } : {}) });
            return rows.map((r) => ({ FleetName: fleetName, ApplicationArn: r.name }));
          }
          const fleets = await parentsByRef(db, APPLICATION_FLEET_ASSOCIATIONS, part, now, 'application_arn', arn!, after, limit);
          return fleets.map((f) => ({ FleetName: f, ApplicationArn: arn! }));
        },
        // The application's ARN when listing one fleet's; the fleet's name when listing one application's.
        key: (a) => [fleetName !== undefined ? a.ApplicationArn : a.FleetName],
      });
      return compact({ ApplicationFleetAssociations: items, NextToken });
    },
  };
}
