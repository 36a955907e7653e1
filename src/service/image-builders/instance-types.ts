// The instance types AppStream 2.0 offers (AWS's list, as of 2026), and the instance family
// each belongs to, in the spelling of the catalogue's SupportedInstanceFamilies.
import { modeledError } from '../../errors/catalog.js';

const sizes = (prefix: string, list: string[]) => list.map((s) => `${prefix}.${s}`);

const FAMILIES: Record<string, string[]> = {
  GENERAL_PURPOSE: sizes('stream.standard', ['small', 'medium', 'large', 'xlarge', '2xlarge']),
  COMPUTE_OPTIMIZED: sizes('stream.compute', ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge']),
  MEMORY_OPTIMIZED: [
    ...sizes('stream.memory', ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge']),
    ...sizes('stream.memory.z1d', ['large', 'xlarge', '2xlarge', '3xlarge', '6xlarge', '12xlarge']),
  ],
  GRAPHICS_DESIGN: sizes('stream.graphics-design', ['large', 'xlarge', '2xlarge', '4xlarge']),
  GRAPHICS_DESKTOP: sizes('stream.graphics-desktop', ['2xlarge']),
  GRAPHICS_PRO: sizes('stream.graphics-pro', ['4xlarge', '8xlarge', '16xlarge']),
  GRAPHICS_G4: sizes('stream.graphics.g4dn', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']),
  GRAPHICS_G5: sizes('stream.graphics.g5', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge']),
  GRAPHICS_G6: [
    ...sizes('stream.graphics.g6', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge']),
    ...sizes('stream.graphics.gr6', ['4xlarge', '8xlarge']),
    ...sizes('stream.graphics.g6f', ['large', 'xlarge', '2xlarge', '4xlarge']),
    ...sizes('stream.graphics.gr6f', ['4xlarge']),
  ],
};

const FAMILY_OF = new Map<string, string>();
for (const [family, types] of Object.entries(FAMILIES)) for (const t of types) FAMILY_OF.set(t, family);

export const INSTANCE_TYPES: readonly string[] = [...FAMILY_OF.keys()];

export function instanceFamilyOf(instanceType: string): string | undefined {
  return FAMILY_OF.get(instanceType);
}

/**
 * DECISION: an instance type AppStream does not have is InvalidParameterCombinationException
 * (every operation that takes an instance type lists it); one the image cannot run on is
 * IncompatibleImageException.
 */
export function checkInstanceType(instanceType: string, image?: { name: string; supportedInstanceFamilies?: readonly string[] }): void {
  const family = instanceFamilyOf(instanceType);
  if (family === undefined) {
    throw modeledError('InvalidParameterCombinationException', `The instance type ${instanceType} is not supported by AppStream 2.0.`);
  }
  const supported = image?.supportedInstanceFamilies;
  if (image && supported && supported.length > 0 && !supported.includes(family)) {
    throw modeledError(
      'IncompatibleImageException',
      `The image ${image.name} does not support the instance type ${instanceType}. Supported instance families: ${supported.join(', ')}.`,
    );
  }
}
