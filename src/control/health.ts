// GET /_appstream/health: is the server up, which version, which store.
import type { ControlDeps, ControlRoute } from './control-types.js';

export function healthRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: '/_appstream/health',
      handle: () => ({ body: { status: 'running', version: deps.version, store: deps.storeKind } }),
    },
  ];
}
