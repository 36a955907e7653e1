// What the console's route modules share: static assets with the pages' security headers, and
// the JSON body of a console API call.
import { readFile } from 'node:fs/promises';
import { controlError } from '../control/control-kit.js';
import type { ControlRequest, ControlResponse } from '../control/control-types.js';
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

