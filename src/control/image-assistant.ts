// The Image Assistant through the control API (thin: the logic is in
// service/image-builders/image-assistant.ts, which the console's streaming page calls too).
//   POST /_appstream/image-assistant/add-application
//   POST /_appstream/image-assistant/create-image
// Errors use the API's JSON envelope (`__type`, `message`) with the error's HTTP status (400; 404 for ResourceNotFoundException).
import { addApplication, createImage } from '../service/image-builders/image-assistant.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function imageAssistantRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/_appstream/image-assistant/add-application',
      handle: async (request) => ({ body: await addApplication(deps.service, request.json()) }),
    },
    {
      method: 'POST',
      path: '/_appstream/image-assistant/create-image',
      handle: async (request) => ({ body: await createImage(deps.service, request.json()) }),
    },
  ];
}
