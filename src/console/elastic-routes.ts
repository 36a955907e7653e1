// Console routes of the Elastic families (SPEC-rest §7):
//   GET  /_appstream/console/streaming/app-block-builder/<token>   what an app block builder's
//        streaming URL opens (a page with the builder and a "finish app block" button);
//   POST /_appstream/console/streaming/app-block-builder/<token>/finish-app-block   that button
//        (authorized by the signed URL, like the Image Assistant's POSTs);
//   GET  /_appstream/console/application-icon/<account>/<region>/<name>   an application's IconURL;
//   GET  /_appstream/console/theme-image/<account>/<region>/<stack>/logo|favicon   a theme's
//        ThemeOrganizationLogoURL and ThemeFaviconURL (404 when the stack has no theme).
import { isAwsError } from '../errors/aws-error.js';
import { describeBuilderSession, finishAppBlock, verifyBuilderStreamingToken } from '../service/app-block-builders/streaming.js';
import { APP_BLOCK_BUILDER_STREAMING_PATH } from '../service/app-block-builders/streaming-token.js';
import { APPLICATION_ICON_PATH, THEME_IMAGE_PATH, THEME_IMAGES, type ThemeImage } from '../service/own-urls.js';
import type { Theme } from '../generated/shapes.js';
import { describeThemeForStack } from '../service/stacks/theme-handlers.js';
import { PAGE_HEADERS } from './console-kit.js';
import { errorPage } from './image-assistant-routes.js';
import { randomUUID } from 'node:crypto';
import { controlError } from '../control/control-kit.js';
import type { ControlDeps, ControlResponse, ControlRoute } from '../control/control-types.js';

const TOKEN = '([^/%]*)';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const STREAMING = escapeRegExp(APP_BLOCK_BUILDER_STREAMING_PATH);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function html(status: number, body: string): ControlResponse {
  return { status, raw: { contentType: 'text/html; charset=utf-8', data: body }, headers: PAGE_HEADERS };
}

/** A self-contained page (no script: the CSP allows none inline, and a form needs none). */
function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · appstream-local</title>
<link rel="icon" href="/_appstream/console/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/_appstream/console/assets/console.css"></head>
<body class="standalone">
<header class="topbar"><a class="brand" href="/_appstream/console"><span class="brand-mark" aria-hidden="true">▣</span> appstream-local <span class="brand-service">AppStream 2.0 · App block builder</span></a></header>
<main><section class="panel" aria-labelledby="page-title"><h1 id="page-title">${escapeHtml(title)}</h1>
${content}
</section></main></body></html>`;
}

/** A generic application icon: the first letter of the name on a tile. */
function iconSvg(name: string, fill = '#2f6fb3'): string {
  const letter = escapeHtml((name.match(/[A-Za-z0-9]/)?.[0] ?? '?').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${fill}"/><text x="32" y="43" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#fff">${letter}</text></svg>`;
}

/** The colours of the themes' stylings (as AppStream's portal shows them, roughly). */
const STYLING_COLOURS: Record<string, string> = { LIGHT_BLUE: '#3aa0d8', BLUE: '#2f6fb3', PINK: '#d6408b', RED: '#c8303c' };

/** A theme's image: the logo is its title on a banner of its styling's colour, the favicon the title's initial on a tile. */
function themeSvg(theme: Theme, image: ThemeImage): string {
  const fill = STYLING_COLOURS[theme.ThemeStyling ?? ''] ?? '#2f6fb3';
  const title = theme.ThemeTitleText ?? theme.StackName ?? '';
  if (image === 'favicon') return iconSvg(title, fill);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="64" viewBox="0 0 240 64"><rect width="240" height="64" rx="8" fill="${fill}"/><text x="120" y="40" font-family="sans-serif" font-size="20" text-anchor="middle" fill="#fff">${escapeHtml(title.slice(0, 24))}</text></svg>`;
}

/** An image route under `path`: `<path>/<account>/<region>/<segments...>`, its parameters given to `svg`. */
function imageRoute(path: string, segments: string, svg: (part: { accountId: string; region: string }, names: string[]) => Promise<string> | string): ControlRoute {
  return {
    method: 'GET',
    path: new RegExp(`^${escapeRegExp(path)}/(\\d{12})/([a-z0-9-]+)/${segments}$`),
    handle: async (_request, [accountId, region, ...names]) => ({
      raw: { contentType: 'image/svg+xml', data: await svg({ accountId: accountId!, region: region! }, names) },
      headers: { ...PAGE_HEADERS, 'cache-control': 'no-store' },
    }),
  };
}

export function elasticConsoleRoutes(deps: ControlDeps): ControlRoute[] {
  const streamingPage = async (token: string, notice?: string): Promise<ControlResponse> => {
    const grant = await verifyBuilderStreamingToken(token, deps.service);
    if (!grant) return errorPage(403, 'This streaming URL is not valid', 'It has expired, or it was not issued by this emulator. Ask for a new one with CreateAppBlockBuilderStreamingURL.');
    const ctx = { accountId: grant.accountId, region: grant.region, requestId: randomUUID() };
    const view = await describeBuilderSession(deps.service, ctx, grant.appBlockBuilderName);
    if (!view) return errorPage(404, 'This app block builder no longer exists', `App block builder ${grant.appBlockBuilderName} of account ${grant.accountId} in ${grant.region} was deleted.`);
    const rows: [string, string][] = [
      ['App block builder', view.builder.Name],
      ['State', view.builder.State],
      ['Account', grant.accountId],
      ['Region', grant.region],
      ['App block', view.appBlock ? `${view.appBlock.Name} (${view.appBlock.State})` : '(none associated)'],
      ['URL valid until', `${new Date(grant.expiresMs).toISOString()} (emulated time)`],
    ];
    const canFinish = view.builder.State === 'RUNNING' && view.appBlock?.PackagingType === 'APPSTREAM2' && view.appBlock.State === 'INACTIVE';
    return html(
      200,
      page(
        `Streaming session: ${view.builder.Name}`,
        `${notice ? `<p role="status">${escapeHtml(notice)}</p>` : ''}
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${
  canFinish
    ? `<form method="post" action="${APP_BLOCK_BUILDER_STREAMING_PATH}/${escapeHtml(token)}/finish-app-block"><button type="submit">Finish app block</button></form>
<p class="muted">Packages the applications installed here into the app block, which becomes ACTIVE.</p>`
    : ''
}`,
      ),
    );
  };

  return [
    {
      method: 'GET',
      path: new RegExp(`^${STREAMING}/${TOKEN}$`),
      handle: (_request, [token]) => streamingPage(token ?? ''),
    },
    {
      method: 'POST',
      path: new RegExp(`^${STREAMING}/${TOKEN}/finish-app-block$`),
      async handle(_request, [token]) {
        const grant = await verifyBuilderStreamingToken(token ?? '', deps.service);
        if (!grant) throw controlError('This streaming URL has expired or is not valid. Ask for a new one with CreateAppBlockBuilderStreamingURL.', 403, 'UnauthorizedException');
        const ctx = { accountId: grant.accountId, region: grant.region, requestId: randomUUID() };
        try {
          const block = await finishAppBlock(deps.service, ctx, grant.appBlockBuilderName);
          return streamingPage(token ?? '', `The app block ${block.Name} is ${block.State}.`);
        } catch (error) {
          if (isAwsError(error) && error.status === 400) return streamingPage(token ?? '', error.message);
          throw error;
        }
      },
    },
    imageRoute(APPLICATION_ICON_PATH, '([^/]+)', (_part, [name]) => iconSvg(name ?? '')),
    // Through the service, as DescribeThemeForStack answers it: no theme (or stack), a 404.
    imageRoute(THEME_IMAGE_PATH, `([^/]+)/(${THEME_IMAGES.join('|')})`, async (part, [stackName, image]) => {
      return themeSvg(await describeThemeForStack(deps.service, { ...part, requestId: randomUUID() }, stackName!), image as ThemeImage);
    }),
  ];
}
