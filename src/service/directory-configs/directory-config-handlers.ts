// The directory config group (SPEC-rest §8.1): CreateDirectoryConfig, DescribeDirectoryConfigs,
// UpdateDirectoryConfig, DeleteDirectoryConfig. Configs are named by DirectoryName; the
// service account's password is stored and never answered. A config that a fleet or an image
// builder joins cannot be deleted, nor lose an OU that one of them joins.
import { directoryConfigInUseText, directoryConfigOuInUseText, resourceKindExists } from '../../errors/messages.js';
import type { DirectoryConfig } from '../../generated/shapes.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { partOf } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { compact } from '../seed/seed-reader.js';
import { checkQuota } from '../resources/quota.js';
import { directoryConfigNotFoundText, directoryConfigUsers, sameOu } from './domain-join.js';
import { directoryConfigTable, viewDirectoryConfig, type DirectoryConfigDoc } from './family.js';

type DirectoryConfigHandlers = {
  CreateDirectoryConfig: Handler<'CreateDirectoryConfig'>;
  DescribeDirectoryConfigs: Handler<'DescribeDirectoryConfigs'>;
  UpdateDirectoryConfig: Handler<'UpdateDirectoryConfig'>;
  DeleteDirectoryConfig: Handler<'DeleteDirectoryConfig'>;
};

/** Directory configs as DescribeDirectoryConfigs answers them, kept per row version (resources/view-memo.ts). */
const directoryConfigViews = new ViewMemo(directoryConfigTable, '', viewDirectoryConfig);

export function directoryConfigHandlers(deps: ServiceDeps): DirectoryConfigHandlers {
  return {
    async CreateDirectoryConfig(input, ctx) {
      const E = errorsOf('CreateDirectoryConfig');
      const taken = () => resourceKindExists('directory config', input.DirectoryName);
      return write(deps, ctx, async ({ tx, now }) => {
        if (await directoryConfigTable.get(tx, ctx, input.DirectoryName, now)) throw taken();
        await checkQuota(tx, deps, directoryConfigTable, 'directoryConfigs', { part: partOf(ctx), nowMs: now, what: 'directory configs' }, E.LimitExceededException);
        const record: ResourceRecord<DirectoryConfigDoc> = {
          ...partOf(ctx),
          name: input.DirectoryName,
          createdMs: now,
          schedule: [],
          goneMs: null,
          doc: compact({
            OrganizationalUnitDistinguishedNames: [...input.OrganizationalUnitDistinguishedNames],
            ServiceAccountCredentials: input.ServiceAccountCredentials && { ...input.ServiceAccountCredentials },
            CertificateBasedAuthProperties: input.CertificateBasedAuthProperties && { ...input.CertificateBasedAuthProperties },
          }),
        };
        try {
          await directoryConfigTable.insert(tx, record, now);
        } catch (e) {
          if (tx.isUniqueViolation(e)) throw taken();
          throw e;
        }
        return { DirectoryConfig: viewDirectoryConfig(record) };
      });
    },

    async DescribeDirectoryConfigs(input, ctx) {
      const E = errorsOf('DescribeDirectoryConfigs');
      const part = partOf(ctx);
      const names = [...new Set(input.DirectoryNames ?? [])].sort();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeDirectoryConfigs', ctx, input, {
        filters: { DirectoryNames: names },
        keyLength: 1,
        async fetch(cursor, limit) {
          const after = cursor?.[0] ?? null;
          // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
          if (names.length === 0) return (await directoryConfigViews.page(deps.db, part, deps.clock.reading(), { after, limit })).views;
          const now = await deps.clock.now();
          if (after === null) {
            // Every name asked for must exist; the first missing one is named (SPEC-rest §8.1).
            const missing = await directoryConfigTable.missingName(deps.db, part, input.DirectoryNames ?? [], now);
            if (missing !== undefined) throw E.ResourceNotFoundException(directoryConfigNotFoundText(missing));
          }
          return (await directoryConfigViews.page(deps.db, part, now, { after, limit, names })).views;
        },
        key: (c) => [c.DirectoryName],
      });
      const out: { DirectoryConfigs: DirectoryConfig[]; NextToken?: string } = { DirectoryConfigs: items };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async UpdateDirectoryConfig(input, ctx) {
      const E = errorsOf('UpdateDirectoryConfig');
      return write(deps, ctx, async ({ tx, now }) => {
        const config = await directoryConfigTable.get(tx, ctx, input.DirectoryName, now);
        if (!config) throw E.ResourceNotFoundException(directoryConfigNotFoundText(input.DirectoryName));
        const ous = input.OrganizationalUnitDistinguishedNames;
        if (ous !== undefined) {
          // DECISION (SPEC-rest §8.1): an OU that a fleet or builder joins cannot be removed.
          for (const user of await directoryConfigUsers(tx, ctx, config.name, now)) {
            if (user.ou !== undefined && !ous.some((o) => sameOu(o, user.ou!))) {
              throw E.ResourceInUseException(directoryConfigOuInUseText(user.ou, config.name, user.kind, user.name));
            }
          }
          config.doc.OrganizationalUnitDistinguishedNames = [...ous];
        }
        if (input.ServiceAccountCredentials) config.doc.ServiceAccountCredentials = { ...input.ServiceAccountCredentials };
        // DECISION: the members of CertificateBasedAuthProperties that are given replace the stored ones.
        if (input.CertificateBasedAuthProperties) {
          config.doc.CertificateBasedAuthProperties = compact({ ...config.doc.CertificateBasedAuthProperties, ...input.CertificateBasedAuthProperties });
        }
        await directoryConfigTable.update(tx, config);
        return { DirectoryConfig: viewDirectoryConfig(config) };
      });
    },

    async DeleteDirectoryConfig(input, ctx) {
      const E = errorsOf('DeleteDirectoryConfig');
      return write(deps, ctx, async ({ tx, now }) => {
        const config = await directoryConfigTable.get(tx, ctx, input.DirectoryName, now);
        if (!config) throw E.ResourceNotFoundException(directoryConfigNotFoundText(input.DirectoryName));
        // AWS: a config "associated with any image builders or fleets cannot be deleted" [DG].
        const [user] = await directoryConfigUsers(tx, ctx, config.name, now);
        if (user) {
          throw E.ResourceInUseException(directoryConfigInUseText(config.name, user.kind, user.name));
        }
        await directoryConfigTable.remove(tx, ctx, config.name);
        return {};
      });
    },
  };
}
