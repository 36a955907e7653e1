// Fleet-stack associations (SPEC-rest §3): AssociateFleet, DisassociateFleet,
// ListAssociatedFleets, ListAssociatedStacks. A row of fleetStackTable per pair, under its
// stack (parent = stack name, name = fleet name, refs.fleet_name = fleet name). A stack has at
// most one fleet; a fleet may serve many stacks.
import type { Handler } from '../../core/handler-types.js';
import { errorsOf } from '../resources/op-errors.js';
import { inUseChecksOf } from '../resources/registry.js';
import { write } from '../resources/write.js';
import { page } from '../pagination/page.js';
import type { ServiceDeps } from '../service-deps.js';
import { fleetStackTable, fleetTable } from '../fleets/family.js';
import { associatedFleetName, stackTable } from './stack-store.js';
import { isLinuxPlatform, windowsOnlyFeatures } from './stack-settings.js';
import { resourceKindNotFound, stackAlreadyHasFleet, stackFeaturesNeedWindows, stackFleetNotAssociated } from '../../errors/messages.js';

type AssociationHandlers = {
  AssociateFleet: Handler<'AssociateFleet'>;
  DisassociateFleet: Handler<'DisassociateFleet'>;
  ListAssociatedFleets: Handler<'ListAssociatedFleets'>;
  ListAssociatedStacks: Handler<'ListAssociatedStacks'>;
};

const Disassociate = errorsOf('DisassociateFleet');

/**
 * AssociateFleet, DisassociateFleet (ResourceNotFound for an unknown pair; other families'
 * inUseChecks may refuse it), ListAssociatedFleets and ListAssociatedStacks (25 names per page).
 */
export function associationHandlers(deps: ServiceDeps): AssociationHandlers {
  const { db, clock } = deps;

  return {
    async AssociateFleet({ FleetName, StackName }, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        const fleet = await fleetTable.get(tx, ctx, FleetName, now);
        if (!fleet) throw resourceKindNotFound('fleet', FleetName);
        const stack = await stackTable.get(tx, ctx, StackName, now);
        if (!stack) throw resourceKindNotFound('stack', StackName);
        const current = await associatedFleetName(tx, ctx, StackName, now);
        // DECISION (SPEC-rest §3): associating the same pair again succeeds; any fleet state is fine.
        if (current === FleetName) return;
        if (current !== undefined) throw stackAlreadyHasFleet(StackName);
        const features = windowsOnlyFeatures(stack.doc);
        if (features.length > 0 && isLinuxPlatform(fleet.doc.Platform)) {
          throw stackFeaturesNeedWindows(StackName, FleetName, fleet.doc.Platform!, features);
        }
        // Associations have no states: the schedule stays empty.
        await fleetStackTable.insert(
          tx,
          { accountId: ctx.accountId, region: ctx.region, parent: StackName, name: FleetName, createdMs: now, schedule: [], goneMs: null, doc: {}, refs: { fleet_name: FleetName } },
          now,
        );
      });
      return {};
    },

    async DisassociateFleet({ FleetName, StackName }, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        if (!(await fleetStackTable.get(tx, ctx, FleetName, now, StackName))) {
          if (!(await fleetTable.get(tx, ctx, FleetName, now))) throw resourceKindNotFound('fleet', FleetName);
          if (!(await stackTable.get(tx, ctx, StackName, now))) throw resourceKindNotFound('stack', StackName);
          throw stackFleetNotAssociated(FleetName, StackName);
        }
        // SPEC-rest §3: other families may refuse (the sessions of this stack on this fleet).
        for (const check of inUseChecksOf('DisassociateFleet')) {
          const reason = await check.check(tx, ctx, { StackName, FleetName }, now);
          if (reason !== undefined) throw Disassociate.ResourceInUseException(reason);
        }
        await fleetStackTable.remove(tx, ctx, FleetName, StackName);
      });
      return {};
    },

    // DECISION (SPEC-rest §3): an unknown stack or fleet lists nothing (the operations model no error).
    async ListAssociatedFleets(input, ctx) {
      const now = await clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'ListAssociatedFleets', ctx, input, {
        filters: { StackName: input.StackName },
        keyLength: 1,
        fetch: (cursor, limit) => fleetStackTable.page(db, ctx, now, { parent: input.StackName, after: cursor?.[0] ?? null, limit }),
        key: (row) => [row.name],
      });
      return { Names: items.map((row) => row.name), ...(NextToken !== undefined ? { NextToken } : {}) };
    },

    async ListAssociatedStacks(input, ctx) {
      const now = await clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'ListAssociatedStacks', ctx, input, {
        filters: { FleetName: input.FleetName },
        keyLength: 1,
        // Rows of one fleet, in stack order: the keyset is (stack, fleet) with the fleet fixed.
        fetch: (cursor, limit) =>
          fleetStackTable.page(db, ctx, now, {
            where: { fleet_name: input.FleetName },
            ...(cursor ? { afterParent: cursor[0]!, after: input.FleetName } : { after: null }),
            limit,
          }),
        key: (row) => [row.parent!],
      });
      return { Names: items.map((row) => row.parent!), ...(NextToken !== undefined ? { NextToken } : {}) };
    },
  };
}
