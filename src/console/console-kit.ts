// What the console's route modules share: static assets with the pages' security headers, and
// the JSON body of a console API call.
import { readFile } from 'node:fs/promises';
import { controlError } from '../control/control-kit.js';
import type { ControlRequest, ControlResponse, ControlRoute } from '../control/control-types.js';
import { packageFile } from '../package-root.js';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** Pages allow only their own scripts and styles: no inline code, nothing from elsewhere. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function asset(name: string, status = 200): Promise<ControlResponse> {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const data = await readFile(packageFile(`src/console/assets/${name}`));
  return { status, raw: { contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', data }, headers: PAGE_HEADERS };
}

export function jsonBody(request: ControlRequest): Record<string, unknown> {
  const body = request.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw controlError('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * The way from a page asked at `path` up to the server's root, relative: '/_appstream/console'
 * -> '../', '/_appstream/console/' -> '../../'.
 */
function rootFrom(path: string): string {
  const ups = path.split('/').length - 2;
  return ups > 0 ? '../'.repeat(ups) : './';
}

/** `href`, `src` and `action` attributes of a page that start at `/_appstream/` (its own links, from the server's root). */
const ROOTED_LINK = /\b(href|src|action)="\/_appstream\//g;

/**
 * `route` with its pages' links relative to the path they were asked at, and its redirect under
 * the path of the public URL, so that both hold under a path prefix a proxy in front of the
 * emulator adds (`--public-url https://host/prefix`, the proxy stripping `/prefix`). Pages and
 * handlers spell their links from the root (`/_appstream/...`), once; this rewrites HTML answers
 * (the browser resolves `../../_appstream/...` against the address it used, prefix included)
 * and a `location` header (`/prefix/_appstream/...`; no prefix, no change). The pages' scripts
 * find the root from their own URL (common.js).
 */
export function withRelativeLinks(route: ControlRoute, publicUrl: () => string): ControlRoute {
  return {
    ...route,
    async handle(request, params) {
      const response = await route.handle(request, params);
      const location = response.headers?.['location'];
      const relocate = location?.startsWith('/_appstream/') === true;
      const html = response.raw?.contentType.startsWith('text/html') ? response.raw : undefined;
      if (!relocate && html === undefined) return response;
      const prefix = new URL(publicUrl()).pathname.replace(/\/+$/, '');
      const root = rootFrom(request.path);
      return {
        ...response,
        ...(relocate ? { headers: { ...response.headers, location: prefix + location! } } : {}),
        ...(html ? { raw: { ...html, data: html.data.toString().replace(ROOTED_LINK, `$1="${root}_appstream/`) } } : {}),
      };
    },
  };
}
