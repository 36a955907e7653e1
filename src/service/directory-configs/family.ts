// The directory configs family (SPEC-rest §8.1): no ARN, not taggable.
import { DIRECTORY_CONFIGS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import type { DirectoryConfig } from '../../generated/shapes.js';
import type { ResourceFamily } from '../resources/family.js';

/**
 * A stored directory config: the wire members except DirectoryName (the key) and CreatedTime
 * (the row). The service account's password is kept (AWS keeps it) but never answered.
 */
export type DirectoryConfigDoc = Omit<DirectoryConfig, 'DirectoryName' | 'CreatedTime'>;

export const directoryConfigTable = new ResourceRepo<DirectoryConfigDoc>(DIRECTORY_CONFIGS);

export const directoryConfigFamily: ResourceFamily = {
  kind: 'directory config',
  taggable: false,
  repo: directoryConfigTable,
  quota: 'directoryConfigs',
};
