// POST /_appstream/seed: loads a seed document (images, imagePermissions, imageBuilders) into
// the store; answers the counts written. The rules live in src/service/seed/seed.ts.
import { SeedError, seedStore } from '../service/seed/seed.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function seedRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/_appstream/seed',
      async handle(request) {
        try {
          return { body: await seedStore(deps.service, request.json()) };
        } catch (error) {
          if (error instanceof SeedError) throw controlError(error.message, 400, 'InvalidSeedException');
          throw error;
        }
      },
    },
  ];
}
