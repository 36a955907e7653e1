// The image builders family (SPEC §4), with their software associations as children.
import { imageBuilderTable } from '../../store/builders-repo.js';
import type { ResourceFamily } from '../resources/family.js';
import { imageBuilderSeed } from './seed.js';
import { BUILDER_STATES } from './states.js';

export const imageBuilderFamily: ResourceFamily = {
  kind: 'image builder',
  arnType: 'image-builder',
  seed: [imageBuilderSeed],
  taggable: true,
  repo: imageBuilderTable,
  quota: 'imageBuilders',
  deletesLater: true,
  states: BUILDER_STATES,
  accountColumns: [
    { table: 'image_builders', account: 'account_id' },
    { table: 'software_associations', account: 'account_id' },
  ],
};
