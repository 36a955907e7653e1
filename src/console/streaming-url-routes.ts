// Where every streaming URL opens (SPEC-rest §4.1, §4.3; the signed URL is its authorization, so
// the router lets it through without the control token):
//   GET /_appstream/authenticate?parameters=...&signature=...
//     an end user's (CreateStreamingURL, "type":"END_USER"): opens the session, answers {Session}
//       (control API errors: 403 invalid or expired, ...);
//     a builder's (CreateImageBuilderStreamingURL, CreateAppBlockBuilderStreamingURL,
//       "type":"ADMIN"): 302 to the builder's console page (the Image Assistant, or the app block
//       builder's page); an expired one gets a 410 page, a forged one a 403 page, as those pages
//       answer their own expired or forged tokens.
import { openStreamingUrl } from '../service/fleets/session-control.js';
import { AUTHENTICATE_PATH, openBuilderStreamingUrl, streamingUrlType } from '../service/streaming-urls.js';
import type { ControlDeps, ControlRoute } from '../control/control-types.js';
import { expiredPage, forgedPage } from './image-assistant-routes.js';
import { PAGE_HEADERS } from './console-kit.js';

export function streamingUrlRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: AUTHENTICATE_PATH,
      async handle(request) {
        const parameters = request.query.get('parameters') ?? '';
        const signature = request.query.get('signature') ?? '';
        if (streamingUrlType(parameters) !== 'ADMIN') return { body: await openStreamingUrl(deps.service, parameters, signature) };
        const opened = await openBuilderStreamingUrl(deps.service, parameters, signature);
        if (opened.ok) return { status: 302, headers: { ...PAGE_HEADERS, location: opened.pagePath }, raw: { contentType: 'text/plain; charset=utf-8', data: '' } };
        return opened.reason === 'expired' ? expiredPage(opened.expiresMs) : forgedPage();
      },
    },
  ];
}
