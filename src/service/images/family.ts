// The images family (SPEC §3, §4): private images; public ones are catalogue data, not rows.
import { imageTable } from '../../store/images-repo.js';
import type { ResourceFamily } from '../resources/family.js';
import { imageSeed } from './seed.js';
import { IMAGE_STATES } from './states.js';

export const imageFamily: ResourceFamily = {
  kind: 'image',
  arnType: 'image',
  seed: [imageSeed],
  taggable: true,
  repo: imageTable,
  quota: 'images',
  deletesLater: true,
  states: IMAGE_STATES,
};
