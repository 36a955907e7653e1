// Image permissions (SPEC §4): shares, keyed by owner and grantee; their own repo
// (permissions-repo.ts) has the grantee index DescribeImages needs.
import type { ResourceFamily } from '../resources/family.js';
import { imagePermissionSeed } from './seed.js';

export const imagePermissionFamily: ResourceFamily = {
  kind: 'image permission',
  seed: [imagePermissionSeed],
  taggable: false,
  // An account's shares and the shares granted to it.
  accountColumns: [
    { table: 'image_permissions', account: 'owner_account_id' },
    { table: 'image_permissions', account: 'shared_account_id' },
  ],
};
