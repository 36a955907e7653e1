// The Image Assistant: CreateImageBuilderStreamingURL's URL, once opened
// (console/streaming-url-routes.ts), leads to /_appstream/console/streaming/<token>, a stand-in
// for the streaming session of a RUNNING image builder, where a person adds applications and
// creates an image.
//
// The signed token is the authorization (as AWS's streaming URL is): the page and its POSTs
// need no control token (the router lets /_appstream/console/streaming/* through), and every
// POST re-verifies the token, so an expired or forged URL can do nothing. The actions run the
// same service functions as the control API's image-assistant routes
// (service/image-builders/image-assistant.ts).
import { randomUUID } from 'node:crypto';
import { isAwsError } from '../errors/aws-error.js';
import { describeImageBuilder } from '../service/image-builders/image-builder-handlers.js';
import { verifyStreamingToken, type StreamingGrant } from '../service/image-builders/streaming-token.js';
import { addApplication, assistantApplications, createImage } from '../service/image-builders/image-assistant.js';
import { resourceRecord } from '../service/queries.js';
import type { CallContext } from '../service/context.js';
import { controlError } from '../control/control-kit.js';
import type { ControlDeps, ControlResponse, ControlRoute } from '../control/control-types.js';
import { PAGE_HEADERS, asset, jsonBody } from './console-kit.js';

/** Any segment but one with `%` (the router would fail to decode a malformed escape): a bad token gets the error page. */
const TOKEN = '([^/%]*)';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A clear, self-contained error page (no script needed). */
export function errorPage(status: number, title: string, detail: string): ControlResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · appstream-local</title>
<link rel="icon" href="/_appstream/console/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/_appstream/console/assets/console.css"></head>
<body class="standalone">
<header class="topbar"><a class="brand" href="/_appstream/console"><span class="brand-mark" aria-hidden="true">▣</span> appstream-local <span class="brand-service">AppStream 2.0 · Image Assistant</span></a></header>
<main><section class="panel error-page" role="alert" aria-labelledby="error-title">
<h1 id="error-title">${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p class="muted">Ask for a new URL with CreateImageBuilderStreamingURL or CreateAppBlockBuilderStreamingURL (the builder must be RUNNING), or open the <a href="/_appstream/console/#/builders">console's image builders</a>.</p>
</section></main></body></html>`;
  return { status, raw: { contentType: 'text/html; charset=utf-8', data: html }, headers: PAGE_HEADERS };
}

/** The page of a builder's streaming URL (or page token) past its expiry, `claimedMs` as it says. */
export function expiredPage(claimedMs: number | undefined): ControlResponse {
  const until = claimedMs === undefined ? '' : `It was valid until ${new Date(claimedMs).toISOString()} (emulated time); `;
  return errorPage(410, 'This streaming URL has expired', `${until}streaming URLs are valid for the Validity requested.`);
}

/** The page of a builder's streaming URL (or page token) that this emulator did not sign. */
export function forgedPage(): ControlResponse {
  return errorPage(403, 'This streaming URL is not valid', 'Its signature does not match: it was not issued by this emulator, or it was altered.');
}

/** What an unverifiable token says about itself (unsigned: only to word the error page). */
function claimedExpiry(token: string): number | undefined {
  try {
    const claim = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { e?: unknown };
    return typeof claim.e === 'number' ? claim.e : undefined;
  } catch {
    return undefined;
  }
}

async function grantOf(deps: ControlDeps, token: string): Promise<StreamingGrant | undefined> {
  return verifyStreamingToken(token, deps.service);
}

function contextOf(grant: StreamingGrant): CallContext {
  return { accountId: grant.accountId, region: grant.region, requestId: randomUUID() };
}

async function requireGrant(deps: ControlDeps, token: string): Promise<StreamingGrant> {
  const grant = await grantOf(deps, token);
  if (!grant) throw controlError('This streaming URL has expired or is not valid. Ask for a new one with CreateImageBuilderStreamingURL.', 403, 'UnauthorizedException');
  return grant;
}

/** The request's members that the assistant's form may set (never the account, region or builder). */
function pick(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (body[key] !== undefined && body[key] !== '') out[key] = body[key];
  return out;
}

export function streamingRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: new RegExp(`^/_appstream/console/streaming/${TOKEN}$`),
      handle: async (_request, [token]) => {
        const grant = await grantOf(deps, token ?? '');
        if (!grant) {
          const now = await deps.service.clock.now();
          const claimed = claimedExpiry(token ?? '');
          return claimed !== undefined && claimed <= now ? expiredPage(claimed) : forgedPage();
        }
        try {
          await describeImageBuilder(deps.service, contextOf(grant), grant.imageBuilderName);
        } catch (error) {
          if (isAwsError(error) && error.code === 'ResourceNotFoundException') {
            return errorPage(404, 'This image builder no longer exists', `Image builder ${grant.imageBuilderName} of account ${grant.accountId} in ${grant.region} was deleted.`);
          }
          throw error;
        }
        return asset('image-assistant.html');
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/_appstream/console/streaming/${TOKEN}/session$`),
      handle: async (_request, [token]) => {
        const grant = await requireGrant(deps, token ?? '');
        const ctx = contextOf(grant);
        const builder = await describeImageBuilder(deps.service, ctx, grant.imageBuilderName);
        const now = await deps.service.clock.now();
        const record = await resourceRecord(deps.service.db, 'image-builder', ctx, grant.imageBuilderName, now);
        return {
          body: {
            AccountId: grant.accountId,
            Region: grant.region,
            Expires: grant.expiresMs / 1000,
            Now: now / 1000,
            ImageBuilder: builder,
            Applications: record ? assistantApplications(record) : [],
          },
        };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/_appstream/console/streaming/${TOKEN}/add-application$`),
      handle: async (request, [token]) => {
        const grant = await requireGrant(deps, token ?? '');
        const body = pick(jsonBody(request), ['Name', 'AbsoluteAppPath', 'DisplayName', 'LaunchParameters', 'WorkingDirectory']);
        return { body: await addApplication(deps.service, { ...body, AccountId: grant.accountId, Region: grant.region, ImageBuilderName: grant.imageBuilderName }) };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^/_appstream/console/streaming/${TOKEN}/create-image$`),
      handle: async (request, [token]) => {
        const grant = await requireGrant(deps, token ?? '');
        const body = pick(jsonBody(request), ['Name', 'DisplayName', 'Description', 'Tags', 'UseLatestAgentVersion']);
        return { body: await createImage(deps.service, { ...body, AccountId: grant.accountId, Region: grant.region, ImageBuilderName: grant.imageBuilderName }) };
      },
    },
  ];
}
