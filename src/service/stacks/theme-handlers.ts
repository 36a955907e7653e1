// Themes (SPEC-rest §8.2): CreateThemeForStack, DescribeThemeForStack, UpdateThemeForStack,
// DeleteThemeForStack. One theme per stack, a row of themeTable named by the stack. The input
// spells the members TitleText, FooterLinks, OrganizationLogoS3Location, FaviconS3Location;
// the output ThemeTitleText, ThemeFooterLinks, ThemeOrganizationLogoURL, ThemeFaviconURL [M].
import type { AwsError } from '../../errors/aws-error.js';
import type { Theme, ThemeFooterLink } from '../../generated/shapes.js';
import type { CallContext } from '../context.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { Handler } from '../../core/handler-types.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { MAX_FOOTER_LINKS, stackTable, themeTable, type ThemeDoc } from './stack-store.js';
import { resourceKindNotFound, setAndDeletedText, themeExists, themeNotFound, tooManyFooterLinksText } from '../../errors/messages.js';
import { viewTheme } from './stack-view.js';

type ThemeHandlers = {
  CreateThemeForStack: Handler<'CreateThemeForStack'>;
  DescribeThemeForStack: Handler<'DescribeThemeForStack'>;
  UpdateThemeForStack: Handler<'UpdateThemeForStack'>;
  DeleteThemeForStack: Handler<'DeleteThemeForStack'>;
};

const Create = errorsOf('CreateThemeForStack');
const Describe = errorsOf('DescribeThemeForStack');
const Update = errorsOf('UpdateThemeForStack');
const Delete = errorsOf('DeleteThemeForStack');

/** LimitExceededException beyond MAX_FOOTER_LINKS. */
function checkFooterLinks(links: readonly ThemeFooterLink[] | undefined, limitExceeded: (m: string) => AwsError): void {
  if (links && links.length > MAX_FOOTER_LINKS) throw limitExceeded(tooManyFooterLinksText(MAX_FOOTER_LINKS, links.length));
}

/** The theme of an existing stack, or ResourceNotFoundException naming what is missing. */
async function requireTheme(db: SqlDb, part: Partition, stackName: string, nowMs: number, notFound: (m: string) => AwsError) {
  const theme = await themeTable.get(db, part, stackName, nowMs);
  if (theme) return theme;
  if (!(await stackTable.get(db, part, stackName, nowMs))) throw resourceKindNotFound('stack', stackName);
  throw themeNotFound(stackName);
}

/** The four *ThemeForStack operations; ResourceNotFound names the stack or its missing theme. */
export function themeHandlers(deps: ServiceDeps): ThemeHandlers {
  const { db, clock } = deps;
  const baseUrl = () => deps.baseUrl?.() ?? '';

  return {
    async CreateThemeForStack(input, ctx) {
      checkFooterLinks(input.FooterLinks, Create.LimitExceededException);
      const record = await write(deps, ctx, async ({ tx, now }) => {
        if (!(await stackTable.get(tx, ctx, input.StackName, now))) throw resourceKindNotFound('stack', input.StackName);
        if (await themeTable.get(tx, ctx, input.StackName, now)) throw themeExists(input.StackName);
        const doc: ThemeDoc = {
          // DECISION (SPEC-rest §15.28): a new theme is ENABLED.
          State: 'ENABLED',
          ThemeStyling: input.ThemeStyling,
          ThemeTitleText: input.TitleText,
          ...(input.FooterLinks?.length ? { ThemeFooterLinks: input.FooterLinks } : {}),
          OrganizationLogoS3Location: input.OrganizationLogoS3Location,
          FaviconS3Location: input.FaviconS3Location,
        };
        // Themes have no states: the schedule stays empty.
        const created = { accountId: ctx.accountId, region: ctx.region, name: input.StackName, createdMs: now, schedule: [], goneMs: null, doc };
        await themeTable.insert(tx, created, now);
        return created;
      });
      return { Theme: viewTheme(record, baseUrl()) };
    },

    async DescribeThemeForStack(input, ctx) {
      const now = await clock.now();
      return { Theme: viewTheme(await requireTheme(db, ctx, input.StackName, now, Describe.ResourceNotFoundException), baseUrl()) };
    },

    async UpdateThemeForStack(input, ctx) {
      const deleteLinks = input.AttributesToDelete?.includes('FOOTER_LINKS') ?? false;
      if (deleteLinks && input.FooterLinks !== undefined) {
        throw Update.InvalidParameterCombinationException(setAndDeletedText('FooterLinks', 'FOOTER_LINKS'));
      }
      checkFooterLinks(input.FooterLinks, Update.LimitExceededException);
      const record = await write(deps, ctx, async ({ tx, now }) => {
        const current = await requireTheme(tx, ctx, input.StackName, now, Update.ResourceNotFoundException);
        const doc: ThemeDoc = { ...current.doc };
        if (input.TitleText !== undefined) doc.ThemeTitleText = input.TitleText;
        if (input.ThemeStyling !== undefined) doc.ThemeStyling = input.ThemeStyling;
        if (input.State !== undefined) doc.State = input.State;
        if (input.OrganizationLogoS3Location !== undefined) doc.OrganizationLogoS3Location = input.OrganizationLogoS3Location;
        if (input.FaviconS3Location !== undefined) doc.FaviconS3Location = input.FaviconS3Location;
        if (input.FooterLinks !== undefined) doc.ThemeFooterLinks = input.FooterLinks;
        if (deleteLinks || doc.ThemeFooterLinks?.length === 0) delete doc.ThemeFooterLinks;
        const updated = { ...current, doc };
        await themeTable.update(tx, updated);
        return updated;
      });
      return { Theme: viewTheme(record, baseUrl()) };
    },

    async DeleteThemeForStack(input, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        await requireTheme(tx, ctx, input.StackName, now, Delete.ResourceNotFoundException);
        await themeTable.remove(tx, ctx, input.StackName);
      });
      return {};
    },
  };
}

/** A stack's theme as DescribeThemeForStack answers it (the console's theme images read it). */
export async function describeThemeForStack(deps: ServiceDeps, ctx: CallContext, stackName: string): Promise<Theme> {
  return (await themeHandlers(deps).DescribeThemeForStack({ StackName: stackName }, ctx)).Theme!;
}
