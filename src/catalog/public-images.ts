// AWS's public base images, as data (public-base-images.json, copied from AWS's catalogue as
// of 2026-09). They are the same in every region but for the ARN, never change while the
// server runs, and belong to no account, so they are served from memory, not the store.
import { readFileSync } from 'node:fs';
import type { Image } from '../generated/shapes.js';
import { packageFile } from '../package-root.js';

interface CatalogEntry {
  Name: string;
  Platform: string;
  ReleaseDate: string; // yyyy-mm-dd
  Family: 'base' | 'graphics' | 'sample' | string;
  InstanceFamilies: string[];
}

interface CatalogFile {
  latestAgentVersion: string;
  regions: string[];
  images: CatalogEntry[];
  deprecated: string[];
}

const catalog = JSON.parse(readFileSync(packageFile('src/catalog/public-base-images.json'), 'utf8')) as CatalogFile;

/** The newest AppStream agent version (AWS's `MM-DD-YYYY` form). */
export const LATEST_AGENT_VERSION = catalog.latestAgentVersion;
/** The regions AWS lists for AppStream in the catalogue (any region is served; these are the known ones). */
export const KNOWN_REGIONS: readonly string[] = catalog.regions;

/** aws, aws-us-gov or aws-cn, by region (SPEC §2). */
export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** A public image's ARN has an empty account field. */
export function publicImageArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:appstream:${region}::image/${name}`;
}

const PLATFORM_LABEL: Record<string, string> = {
  WINDOWS_SERVER_2016: 'Windows Server 2016',
  WINDOWS_SERVER_2019: 'Windows Server 2019',
  WINDOWS_SERVER_2022: 'Windows Server 2022',
  WINDOWS_SERVER_2025: 'Windows Server 2025',
  AMAZON_LINUX2: 'Amazon Linux 2',
  RHEL8: 'Red Hat Enterprise Linux 8',
  ROCKY_LINUX8: 'Rocky Linux 8',
  UBUNTU_PRO_2404: 'Ubuntu Pro 24.04',
};

/** `2025-11-10` -> `11-10-2025`, the form AWS uses in names and agent versions. */
function usDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}-${d}-${y}`;
}

/** `MM-DD-YYYY` -> `YYYY-MM-DD`, so agent versions compare as strings. */
export function agentVersionOrder(version: string): string {
  const [m, d, y] = version.split('-');
  return `${y}-${m}-${d}`;
}

/** DECISION: a base image carries the agent of its release date, or the latest agent if it was released after it. */
function agentVersionAt(releaseIso: string): string {
  return releaseIso >= agentVersionOrder(LATEST_AGENT_VERSION) ? LATEST_AGENT_VERSION : usDate(releaseIso);
}

/** The sample image's applications, as AWS's sample image lists them. */
const SAMPLE_APPLICATIONS = [
  ['Firefox', 'Firefox', 'C:\\Program Files\\Mozilla Firefox\\firefox.exe'],
  ['Notepad++', 'Notepad++', 'C:\\Program Files\\Notepad++\\notepad++.exe'],
  ['GIMP', 'GIMP', 'C:\\Program Files\\GIMP 2\\bin\\gimp-2.10.exe'],
  ['Inkscape', 'Inkscape', 'C:\\Program Files\\Inkscape\\bin\\inkscape.exe'],
  ['Blender', 'Blender', 'C:\\Program Files\\Blender Foundation\\Blender\\blender.exe'],
];

function describeEntry(entry: CatalogEntry): { DisplayName: string; Description: string } {
  const os = PLATFORM_LABEL[entry.Platform] ?? entry.Platform;
  const date = usDate(entry.ReleaseDate);
  if (entry.Family === 'sample') {
    return { DisplayName: `Sample Image ${date}`, Description: `Sample image with sample applications on ${os}, released ${date}` };
  }
  if (entry.Family === 'graphics') {
    const kind = /Graphics-([A-Za-z0-9]+)-/.exec(entry.Name)?.[1] ?? 'Graphics';
    return {
      DisplayName: `${os} Graphics ${kind} Base ${date}`,
      Description: `Base image with ${os} for ${kind} graphics instances, released ${date}`,
    };
  }
  return { DisplayName: `${os} Base ${date}`, Description: `Base image with ${os}, released ${date}` };
}

function buildImage(entry: CatalogEntry, region: string): Image {
  const released = new Date(`${entry.ReleaseDate}T00:00:00Z`);
  const image: Image = {
    Name: entry.Name,
    Arn: publicImageArn(region, entry.Name),
    ...describeEntry(entry),
    State: 'AVAILABLE',
    Visibility: 'PUBLIC',
    ImageBuilderSupported: true,
    Platform: entry.Platform as Image['Platform'],
    CreatedTime: released,
    PublicBaseImageReleasedDate: released,
    AppstreamAgentVersion: agentVersionAt(entry.ReleaseDate),
    LatestAppstreamAgentVersion: agentVersionAt(entry.ReleaseDate) === LATEST_AGENT_VERSION ? 'TRUE' : 'FALSE',
    SupportedInstanceFamilies: [...entry.InstanceFamilies],
    ImageType: 'NATIVE',
  };
  if (entry.Family === 'sample') {
    image.Applications = SAMPLE_APPLICATIONS.map(([Name, DisplayName, LaunchPath]) => ({
      Name,
      DisplayName,
      LaunchPath,
      Enabled: true,
      Platforms: ['WINDOWS_SERVER_2019'],
      InstanceFamilies: [...entry.InstanceFamilies],
      Metadata: {},
    })) as Image['Applications'];
  }
  return image;
}

/** Byte-wise comparison (SPEC §3: code point order, the same on every store). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byRegion = new Map<string, readonly Image[]>();

/** The public images of a region, sorted by Name (then Arn, which is equal in order). */
export function publicImages(region: string): readonly Image[] {
  let images = byRegion.get(region);
  if (!images) {
    images = catalog.images.map((e) => buildImage(e, region)).sort((a, b) => compareNames(a.Name, b.Name));
    byRegion.set(region, images);
  }
  return images;
}

export type PublicImageLookup = { image: Image; deprecated: false } | { image: undefined; deprecated: true } | undefined;

/** A public image by name: listed, deprecated (known but not AVAILABLE), or unknown. */
export function findPublicImage(region: string, name: string): PublicImageLookup {
  const image = publicImages(region).find((i) => i.Name === name);
  if (image) return { image, deprecated: false };
  if (catalog.deprecated.includes(name)) return { image: undefined, deprecated: true };
  return undefined;
}

/** A public image by ARN of this region. */
export function findPublicImageByArn(region: string, arn: string): PublicImageLookup {
  const prefix = publicImageArn(region, '');
  return arn.startsWith(prefix) ? findPublicImage(region, arn.slice(prefix.length)) : undefined;
}
