// The stacks family's operations (SPEC-rest §2, §3, §8.2), one group for createHandlers.
import type { ServiceDeps } from '../service-deps.js';
import { associationHandlers } from './association-handlers.js';
import { stackHandlers } from './stack-handlers.js';
import { themeHandlers } from './theme-handlers.js';

/** The 12 handlers of the family (stacks, fleet associations, themes), spread into createHandlers. */
export function stackFamilyHandlers(deps: ServiceDeps) {
  return { ...stackHandlers(deps), ...associationHandlers(deps), ...themeHandlers(deps) };
}
