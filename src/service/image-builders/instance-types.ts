// The instance types AppStream 2.0 offers, the instance family each belongs to (in the
// spelling of the catalogue's SupportedInstanceFamilies), and what each may launch. One table,
// for image builders now and fleets, Elastic fleets and app block builders later.
//
// Sources:
//   [Md]  AWS's API reference (the doc strings of botocore's AppStream model, 2016-12-01):
//         CreateImageBuilder.InstanceType, CreateFleet.InstanceType (also the Elastic list),
//         CreateAppBlockBuilder.InstanceType, Image.SupportedInstanceFamilies, Image.ImageType.
//   [Md-old] the same reference before AWS retired the type (graphics-design, -desktop, -pro);
//         no AVAILABLE image has their family any more, so they are known but cannot launch.
//   [E]   a public report (named in the row).
import { instanceFamilyMismatch, instanceTypeNotFor, instanceTypeUnknown } from '../../errors/messages.js';

/** What a type may launch. */
export interface InstanceTypeUse {
  imageBuilder: boolean;
  fleet: boolean;
  elasticFleet: boolean;
  appBlockBuilder: boolean;
}

interface InstanceTypeGroup {
  family: string;
  types: string[];
  use: InstanceTypeUse;
  /** Offered only for CUSTOM (imported) images ([Md] Image.ImageType). */
  customImagesOnly?: boolean;
  source: string;
}

const sizes = (prefix: string, list: string[]) => list.map((s) => `${prefix}.${s}`);
const ALL: InstanceTypeUse = { imageBuilder: true, fleet: true, elasticFleet: true, appBlockBuilder: true };
const BUILDERS_AND_FLEETS: InstanceTypeUse = { imageBuilder: true, fleet: true, elasticFleet: false, appBlockBuilder: false };
const FLEETS_ONLY: InstanceTypeUse = { imageBuilder: false, fleet: true, elasticFleet: false, appBlockBuilder: false };

const GROUPS: InstanceTypeGroup[] = [
  { family: 'GENERAL_PURPOSE', types: sizes('stream.standard', ['small', 'medium', 'large']), use: ALL, source: '[Md] all four lists' },
  {
    family: 'GENERAL_PURPOSE',
    types: sizes('stream.standard', ['xlarge', '2xlarge']),
    use: { imageBuilder: false, fleet: true, elasticFleet: true, appBlockBuilder: true },
    source: '[Md] CreateFleet, Elastic and app block builder lists; not in the CreateImageBuilder list',
  },
  {
    family: 'COMPUTE_OPTIMIZED',
    types: sizes('stream.compute', ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge']),
    use: BUILDERS_AND_FLEETS,
    source: '[Md]',
  },
  {
    family: 'MEMORY_OPTIMIZED',
    types: [
      ...sizes('stream.memory', ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge']),
      ...sizes('stream.memory.z1d', ['large', 'xlarge', '2xlarge', '3xlarge', '6xlarge', '12xlarge']),
    ],
    use: BUILDERS_AND_FLEETS,
    source: '[Md]',
  },
  {
    family: 'GRAPHICS_G4',
    types: sizes('stream.graphics.g4dn', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']),
    use: BUILDERS_AND_FLEETS,
    source: '[Md]',
  },
  {
    family: 'GRAPHICS_G5',
    types: sizes('stream.graphics.g5', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge']),
    use: BUILDERS_AND_FLEETS,
    source: '[Md]',
  },
  {
    family: 'GRAPHICS_G6',
    types: [
      ...sizes('stream.graphics.g6', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge']),
      ...sizes('stream.graphics.gr6', ['4xlarge', '8xlarge']),
      ...sizes('stream.graphics.g6f', ['large', 'xlarge', '2xlarge', '4xlarge']),
      ...sizes('stream.graphics.gr6f', ['4xlarge']),
    ],
    use: BUILDERS_AND_FLEETS,
    source: '[Md]',
  },
  { family: 'GRAPHICS_DESIGN', types: sizes('stream.graphics-design', ['large', 'xlarge', '2xlarge', '4xlarge']), use: BUILDERS_AND_FLEETS, source: '[Md-old]' },
  { family: 'GRAPHICS_DESKTOP', types: ['stream.graphics-desktop.2xlarge'], use: BUILDERS_AND_FLEETS, source: '[Md-old]' },
  { family: 'GRAPHICS_PRO', types: sizes('stream.graphics-pro', ['4xlarge', '8xlarge', '16xlarge']), use: BUILDERS_AND_FLEETS, source: '[Md-old]' },
  // [Md] Image.ImageType: custom (imported) images "support additional instance types including
  // GeneralPurpose, MemoryOptimized, ComputeOptimized, and Accelerated instance families"; the
  // reference names no type of them. Only the type a public report shows is listed (issue 17:
  // AWS's Omniverse sample validates with it and public samples price it). DECISION: these
  // types serve fleets and runtime validation, not image builders (the builder list is stream.* only).
  { family: 'ACCELERATED', types: ['Accelerated.g6e.xlarge'], use: FLEETS_ONLY, customImagesOnly: true, source: '[E] issue 17' },
];

interface InstanceTypeInfo {
  family: string;
  use: InstanceTypeUse;
  customImagesOnly: boolean;
}

const TYPES = new Map<string, InstanceTypeInfo>();
for (const g of GROUPS) for (const t of g.types) TYPES.set(t, { family: g.family, use: g.use, customImagesOnly: g.customImagesOnly ?? false });

/** Every instance type the table knows, in table order. */
export const INSTANCE_TYPES: readonly string[] = [...TYPES.keys()];

/** The family of a known instance type (GENERAL_PURPOSE, GRAPHICS_G5, ACCELERATED, ...), else undefined. */
export function instanceFamilyOf(instanceType: string): string | undefined {
  return TYPES.get(instanceType)?.family;
}

/** What a known instance type may launch, else undefined. */
export function instanceTypeUse(instanceType: string): InstanceTypeUse | undefined {
  return TYPES.get(instanceType)?.use;
}

/** The families that only CUSTOM (imported) images support. */
export const CUSTOM_IMAGE_FAMILIES: readonly string[] = [...new Set(GROUPS.filter((g) => g.customImagesOnly).map((g) => g.family))];

const RESOURCE_LABEL: Record<keyof InstanceTypeUse, string> = {
  imageBuilder: 'image builders',
  fleet: 'fleets',
  elasticFleet: 'Elastic fleets',
  appBlockBuilder: 'app block builders',
};

/**
 * Checks an instance type for a resource and, when given, the image it will run.
 * Throws InvalidParameterCombinationException (every operation that takes an instance type
 * lists it): a type AppStream does not offer (DECISION text), one not offered for `resource`
 * (DECISION text), or one whose family the image does not support (AWS's text, naming the
 * image's first family as its "image instance family"). An image without
 * SupportedInstanceFamilies (seeded data) runs any type.
 */
export function checkInstanceType(
  instanceType: string,
  resource: keyof InstanceTypeUse | 'runtimeValidation',
  image?: { supportedInstanceFamilies?: readonly string[] },
): void {
  const info = TYPES.get(instanceType);
  if (!info) throw instanceTypeUnknown(instanceType);
  if (resource !== 'runtimeValidation' && !info.use[resource]) throw instanceTypeNotFor(instanceType, RESOURCE_LABEL[resource]);
  const supported = image?.supportedInstanceFamilies;
  if (supported && supported.length > 0 && !supported.includes(info.family)) {
    throw instanceFamilyMismatch(instanceType, supported[0]!);
  }
}

/**
 * The instance types that can launch `resource` from an image with these families (in table
 * order), e.g. for the console's choices and the catalogue walk.
 */
export function instanceTypesFor(resource: keyof InstanceTypeUse, supportedInstanceFamilies: readonly string[] | undefined): string[] {
  return INSTANCE_TYPES.filter((t) => {
    const info = TYPES.get(t)!;
    return info.use[resource] && (!supportedInstanceFamilies?.length || supportedInstanceFamilies.includes(info.family));
  });
}

/**
 * DECISION: the SupportedInstanceFamilies of an imported (CUSTOM) image: the general stream.*
 * families (so an image builder can start from it, as its ImageBuilderSupported says), the
 * families only custom images have ([Md] Image.ImageType: "GeneralPurpose, MemoryOptimized,
 * ComputeOptimized, and Accelerated"), and the family of the type it was validated on.
 */
export function importedImageFamilies(intendedInstanceType: string | undefined): string[] {
  const families = ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED', 'MEMORY_OPTIMIZED', ...CUSTOM_IMAGE_FAMILIES];
  const intended = intendedInstanceType === undefined ? undefined : instanceFamilyOf(intendedInstanceType);
  return intended === undefined || families.includes(intended) ? families : [...families, intended];
}
