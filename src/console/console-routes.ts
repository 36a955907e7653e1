// The web console at /_appstream/console: static pages and assets (read at runtime from
// src/console/assets, no build step), and a small JSON API that goes through the same service
// handlers as the AWS API (validated the same way), never the database directly.
//
// Security: GET pages and assets carry no data and are public (the router lets them through);
// every data route is a POST, which the router guards with the control token when one is set.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KNOWN_REGIONS } from '../catalog/public-images.js';
import { protocolErrors } from '../errors/catalog.js';
import type { Image } from '../generated/shapes.js';
import { isOperationName, type OperationName } from '../generated/operations.js';
import { validateInput } from '../generated/validators.js';
import { packageFile } from '../package-root.js';
import { notImplemented } from '../core/handler-types.js';
import type { CallContext } from '../service/context.js';
import { assistantApplications } from '../service/image-builders/image-assistant.js';
import type { ScheduledState } from '../core/schedule.js';
import { controlError } from '../control/control-kit.js';
import type { ControlDeps, ControlRequest, ControlResponse, ControlRoute } from '../control/control-types.js';
import { accountsWithResources, resourceRecord, transitionalStateNames } from '../service/queries.js';
import * as ENUMS from '../generated/enums.js';
import { FAILING_OPERATIONS } from '../service/lifecycle/transitions.js';
import { streamingRoutes } from './image-assistant-routes.js';
import { streamingUrlRoutes } from './streaming-url-routes.js';
import { elasticConsoleRoutes } from './elastic-routes.js';
import { asset, jsonBody, withRelativeLinks } from './console-kit.js';

export const CONSOLE_PATH = '/_appstream/console';

interface Caller {
  AccountId?: unknown;
  Region?: unknown;
}

export function callContext(body: Caller): CallContext {
  const accountId = String(body.AccountId ?? '');
  const region = String(body.Region ?? '');
  if (!/^\d{12}$/.test(accountId)) throw controlError('AccountId must be a 12-digit account id.');
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) throw controlError(`Region '${region}' is not a region name (e.g. us-east-1).`);
  return { accountId, region, requestId: randomUUID() };
}

/** Invokes one operation the way the API pipeline does: validate the input, then the handler. */
export async function invoke(deps: ControlDeps, operation: string, input: unknown, ctx: CallContext): Promise<unknown> {
  if (!isOperationName(operation)) throw protocolErrors.unknownOperation(operation);
  const valid = validateInput(operation, input ?? {});
  const handler = deps.handlers[operation as OperationName];
  if (handler === notImplemented) throw protocolErrors.notImplemented(operation);
  return (handler as (input: unknown, ctx: CallContext) => Promise<unknown>)(valid, ctx);
}

/** Image states that are still moving: the page polls while it shows one. */
const FINAL_IMAGE_STATES = new Set(['AVAILABLE', 'FAILED', 'DEPRECATED']);

/** A DescribeImages call may scan at most this many pages to fill one filtered console page. */
const MAX_SCANNED_PAGES = 40;

/**
 * One console page of images: DescribeImages pages (never everything), filtered by text,
 * platform, state and "shared with others", until the page is full. The continuation is
 * DescribeImages' own NextToken, so the console pages exactly as an SDK would.
 */
async function filteredImages(deps: ControlDeps, body: Record<string, unknown>): Promise<ControlResponse> {
  const ctx = callContext(body);
  const type = body.Type === undefined ? undefined : String(body.Type);
  const pageSize = Math.min(100, Math.max(1, Number(body.PageSize ?? 25) || 25));
  const text = String(body.Text ?? '').trim().toLowerCase();
  const platform = body.Platform ? String(body.Platform) : '';
  const state = body.State ? String(body.State) : '';
  const sharedWithOthers = body.SharedWithOthers === true;
  const matches = (image: Image) =>
    (!text || `${image.Name} ${image.DisplayName ?? ''} ${image.Description ?? ''}`.toLowerCase().includes(text)) &&
    (!platform || image.Platform === platform) &&
    (!state || image.State === state) &&
    (!sharedWithOthers || image.ImageSharedWithOthers === 'TRUE');
  const images: Image[] = [];
  let token = typeof body.NextToken === 'string' && body.NextToken ? body.NextToken : undefined;
  let scanned = 0;
  let seen = 0;
  do {
    const remaining = pageSize - images.length;
    const input: Record<string, unknown> = { MaxResults: Math.min(25, remaining) };
    if (type) input.Type = type;
    if (token) input.NextToken = token;
    const out = (await invoke(deps, 'DescribeImages', input, ctx)) as { Images?: Image[]; NextToken?: string };
    scanned += 1;
    seen += out.Images?.length ?? 0;
    images.push(...(out.Images ?? []).filter(matches));
    token = out.NextToken;
  } while (token && images.length < pageSize && scanned < MAX_SCANNED_PAGES);
  return {
    body: {
      Images: images,
      ...(token ? { NextToken: token } : {}),
      /** How many images this answer looked at (more than it holds when filters drop some). */
      Scanned: seen,
      Transitional: images.some((i) => i.State !== undefined && !FINAL_IMAGE_STATES.has(i.State)),
    },
  };
}

function history(schedule: readonly ScheduledState[], goneMs: number | null, now: number) {
  return {
    Now: now / 1000,
    History: schedule.map((e) => ({ State: e.state, Time: e.atMs / 1000, Reached: e.atMs <= now })),
    ...(goneMs !== null ? { GoneTime: goneMs / 1000 } : {}),
  };
}

/**
 * The states an owned image or builder went through and will go through (its stored
 * schedule: the lifecycle keeps states as data), read through the store's repositories.
 * A builder's answer also has its Image Assistant catalogue.
 */
async function stateHistory(deps: ControlDeps, body: Record<string, unknown>, kind: string): Promise<ControlResponse> {
  const ctx = callContext(body);
  const name = String(body.Name ?? '');
  const now = await deps.service.clock.now();
  const record = await resourceRecord(deps.service.db, kind, ctx, name, now, typeof body.Parent === 'string' ? body.Parent : '');
  const out = record ? history(record.schedule, record.goneMs, now) : { History: [], Now: now / 1000 };
  // A builder's page also lists what the Image Assistant added to it.
  if (kind === 'image-builder') return { body: { ...out, Applications: record ? assistantApplications(record) : [] } };
  return { body: out };
}

/** The model's enums by shape name ({ FleetState: [...] }), for the console's filters and forms. */
const MODEL_ENUMS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(ENUMS).map(([key, values]) => [key.replace(/_VALUES$/, ''), values as readonly string[]]),
);

/** The console's routes, every page's links and redirects under a proxy's path prefix too (withRelativeLinks). */
export function consoleRoutes(deps: ControlDeps): ControlRoute[] {
  return pageRoutes(deps).map((route) => withRelativeLinks(route, deps.baseUrl));
}

function pageRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    ...streamingUrlRoutes(deps),
    ...streamingRoutes(deps),
    ...elasticConsoleRoutes(deps),
    { method: 'GET', path: CONSOLE_PATH, handle: () => asset('index.html') },
    { method: 'GET', path: `${CONSOLE_PATH}/`, handle: () => asset('index.html') },
    {
      method: 'GET',
      path: /^\/_appstream\/console\/assets\/((?:pages\/)?[a-z0-9-]+\.(?:css|js|svg|png))$/,
      handle: async (_request, [name]) => {
        try {
          return await asset(name!);
        } catch {
          throw controlError(`No console asset ${name}.`, 404, 'NotFoundException');
        }
      },
    },
    {
      // Any operation, as the API would run it for that account and region.
      method: 'POST',
      path: `${CONSOLE_PATH}/api/call`,
      handle: async (request) => {
        const body = jsonBody(request);
        const ctx = callContext(body);
        const output = await invoke(deps, String(body.Operation ?? ''), body.Input ?? {}, ctx);
        return { body: output ?? {} };
      },
    },
    { method: 'POST', path: `${CONSOLE_PATH}/api/images`, handle: (request) => filteredImages(deps, jsonBody(request)) },
    { method: 'POST', path: `${CONSOLE_PATH}/api/image-history`, handle: (request) => stateHistory(deps, jsonBody(request), 'image') },
    // Any family's history: { AccountId, Region, Kind: <ARN resource type>, Name, Parent? }.
    { method: 'POST', path: `${CONSOLE_PATH}/api/history`, handle: (request) => stateHistory(deps, jsonBody(request), String(jsonBody(request).Kind ?? '')) },
    { method: 'POST', path: `${CONSOLE_PATH}/api/builder-history`, handle: (request) => stateHistory(deps, jsonBody(request), 'image-builder') },
    {
      method: 'POST',
      path: `${CONSOLE_PATH}/api/accounts`,
      handle: async () => {
        const now = await deps.service.clock.now();
        return {
          body: {
            Accounts: await accountsWithResources(deps.service.db),
            KnownRegions: KNOWN_REGIONS,
            Now: now / 1000,
            TransitionSeconds: deps.config.transitionSeconds,
            Enums: MODEL_ENUMS,
            FailingOperations: FAILING_OPERATIONS,
            TransitionalStates: transitionalStateNames(),
          },
        };
      },
    },
  ];
}
