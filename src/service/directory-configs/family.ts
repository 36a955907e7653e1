// The directory configs family (SPEC-rest §8.1): no ARN, not taggable.
import { DIRECTORY_CONFIGS } from '../../store/tables.js';
import { ResourceRepo, type ResourceRecord } from '../../store/resource-repo.js';
import type { DirectoryConfig } from '../../generated/shapes.js';
import { CertificateBasedAuthStatus_VALUES } from '../../generated/enums.js';
import type { ResourceFamily, SeedSection } from '../resources/family.js';
import { compact, EntryReader, entryPartition, entryReader } from '../seed/seed-reader.js';
import { replaceRow } from '../seed/replace-row.js';

/**
 * A stored directory config: the wire members except DirectoryName (the key) and CreatedTime
 * (the row). The service account's password is kept (AWS keeps it) but never answered.
 */
export type DirectoryConfigDoc = Omit<DirectoryConfig, 'DirectoryName' | 'CreatedTime'>;

export const directoryConfigTable = new ResourceRepo<DirectoryConfigDoc>(DIRECTORY_CONFIGS);

/** The wire DirectoryConfig of a stored one: never the password (AWS: "not returned"). */
export function viewDirectoryConfig(record: ResourceRecord<DirectoryConfigDoc>): DirectoryConfig {
  const { OrganizationalUnitDistinguishedNames, ServiceAccountCredentials, CertificateBasedAuthProperties } = record.doc;
  const out: DirectoryConfig = { DirectoryName: record.name };
  if (OrganizationalUnitDistinguishedNames) out.OrganizationalUnitDistinguishedNames = [...OrganizationalUnitDistinguishedNames];
  // The shape marks AccountPassword required; AWS omits it all the same (SPEC-rest §8.1).
  if (ServiceAccountCredentials) out.ServiceAccountCredentials = { AccountName: ServiceAccountCredentials.AccountName } as DirectoryConfig['ServiceAccountCredentials'];
  if (CertificateBasedAuthProperties) out.CertificateBasedAuthProperties = { ...CertificateBasedAuthProperties };
  out.CreatedTime = new Date(record.createdMs);
  return out;
}

const SEED_KEYS = ['AccountId', 'Region', 'DirectoryName', 'OrganizationalUnitDistinguishedNames', 'ServiceAccountCredentials', 'CertificateBasedAuthProperties', 'CreatedTime'];

/** Seed section `directoryConfigs`: entries in the wire spelling, plus AccountId and Region. */
const directoryConfigSeed: SeedSection<ResourceRecord<DirectoryConfigDoc>> = {
  key: 'directoryConfigs',
  read(entry, index, { nowMs }) {
    const r = entryReader('directoryConfigs', index, entry, 'DirectoryName');
    r.onlyKeys(SEED_KEYS);
    const credentials = r.object('ServiceAccountCredentials');
    let ServiceAccountCredentials: DirectoryConfigDoc['ServiceAccountCredentials'];
    if (credentials) {
      const c = new EntryReader(`${r.label}.ServiceAccountCredentials`, credentials);
      c.onlyKeys(['AccountName', 'AccountPassword']);
      ServiceAccountCredentials = { AccountName: c.string('AccountName', { required: true })!, AccountPassword: c.string('AccountPassword', { required: true, max: 127 })! };
    }
    const cba = r.object('CertificateBasedAuthProperties');
    let CertificateBasedAuthProperties: DirectoryConfigDoc['CertificateBasedAuthProperties'];
    if (cba) {
      const c = new EntryReader(`${r.label}.CertificateBasedAuthProperties`, cba);
      c.onlyKeys(['Status', 'CertificateAuthorityArn']);
      CertificateBasedAuthProperties = compact({
        Status: c.oneOf('Status', CertificateBasedAuthStatus_VALUES) as NonNullable<DirectoryConfigDoc['CertificateBasedAuthProperties']>['Status'],
        CertificateAuthorityArn: c.string('CertificateAuthorityArn'),
      });
    }
    return {
      ...entryPartition(r),
      name: r.string('DirectoryName', { required: true, re: /^.+$/, what: 'a directory name' })!,
      createdMs: r.time('CreatedTime') ?? nowMs,
      schedule: [],
      goneMs: null,
      doc: compact({ OrganizationalUnitDistinguishedNames: r.stringList('OrganizationalUnitDistinguishedNames') ?? [], ServiceAccountCredentials, CertificateBasedAuthProperties }),
    };
  },
  identity: (r) => `${r.accountId}/${r.region}/${r.name}`,
  async write(tx, record, { nowMs }) {
    await replaceRow(tx, directoryConfigTable, record, nowMs);
  },
};

export const directoryConfigFamily: ResourceFamily = {
  kind: 'directory config',
  taggable: false,
  repo: directoryConfigTable,
  quota: 'directoryConfigs',
  seed: [directoryConfigSeed],
};
