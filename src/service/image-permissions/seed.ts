// The `imagePermissions` section of the seed document: shares of seeded or stored images.
import { putImagePermission } from '../../store/permissions-repo.js';
import { seededOrStoredImage } from '../images/seed.js';
import type { SeedSection } from '../resources/family.js';
import { ACCOUNT_RE, NAME_RE, REGION_RE, SeedError, EntryReader, entryReader } from '../seed/seed-reader.js';

interface SeedPermission {
  label: string;
  ownerAccountId: string;
  region: string;
  imageName: string;
  sharedAccountId: string;
  allowFleet: boolean;
  allowImageBuilder: boolean;
}

function readPermission(entry: unknown, index: number): SeedPermission {
  const r: EntryReader = entryReader('imagePermissions', index, entry);
  r.onlyKeys(['AccountId', 'Region', 'Name', 'SharedAccountId', 'allowFleet', 'allowImageBuilder']);
  const p: SeedPermission = {
    label: r.label,
    ownerAccountId: r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    region: r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!,
    imageName: r.string('Name', { required: true, re: NAME_RE, what: 'a valid image name' })!,
    sharedAccountId: r.string('SharedAccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    // Same default as UpdateImagePermissions: what is not granted is false.
    allowFleet: r.boolean('allowFleet') ?? false,
    allowImageBuilder: r.boolean('allowImageBuilder') ?? false,
  };
  if (p.sharedAccountId === p.ownerAccountId) r.fail('SharedAccountId must not be the owner (AccountId)');
  return p;
}

export const imagePermissionSeed: SeedSection<SeedPermission> = {
  key: 'imagePermissions',
  read: readPermission,
  identity: (x) => `${x.ownerAccountId}/${x.region}/${x.imageName}/${x.sharedAccountId}`,
  async write(tx, p, run) {
    const image = await seededOrStoredImage(tx, run, p.ownerAccountId, p.region, p.imageName);
    if (!image) {
      throw new SeedError(`${p.label}: account ${p.ownerAccountId} has no image ${p.imageName} in ${p.region} (seed it in images)`);
    }
    // A share would outlive a DELETING image (see the images section): refused, as the API does.
    if (image.goneMs !== null) throw new SeedError(`${p.label}: image ${p.imageName} is DELETING; a deleted image cannot be shared`);
    await putImagePermission(tx, {
      ownerAccountId: p.ownerAccountId,
      region: p.region,
      imageName: p.imageName,
      sharedAccountId: p.sharedAccountId,
      allowFleet: p.allowFleet,
      allowImageBuilder: p.allowImageBuilder,
      createdMs: run.nowMs,
    });
  },
};
