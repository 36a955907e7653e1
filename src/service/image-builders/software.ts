// License-included software (Microsoft Office, Visio, Project) that AppStream installs on
// image builders: the names AWS accepts, and the checks every software operation shares.
import { modeledError } from '../../errors/catalog.js';
import { softwareNeedsWindowsText, softwareUnknownText } from '../../errors/messages.js';
import type { OperationName } from '../../generated/operations.js';
import { operationMayThrow } from '../lifecycle/rules.js';

/**
 * AWS's documented SoftwareNames. DECISION: the Standard editions of Visio and Project are
 * accepted too (AWS's list is "possible values include").
 */
export const LICENSE_INCLUDED_SOFTWARE: readonly string[] = [
  'Microsoft_Office_2021_LTSC_Professional_Plus_32Bit',
  'Microsoft_Office_2021_LTSC_Professional_Plus_64Bit',
  'Microsoft_Office_2024_LTSC_Professional_Plus_32Bit',
  'Microsoft_Office_2024_LTSC_Professional_Plus_64Bit',
  'Microsoft_Visio_2021_LTSC_Professional_32Bit',
  'Microsoft_Visio_2021_LTSC_Professional_64Bit',
  'Microsoft_Visio_2024_LTSC_Professional_32Bit',
  'Microsoft_Visio_2024_LTSC_Professional_64Bit',
  'Microsoft_Project_2021_Professional_32Bit',
  'Microsoft_Project_2021_Professional_64Bit',
  'Microsoft_Project_2024_Professional_32Bit',
  'Microsoft_Project_2024_Professional_64Bit',
  'Microsoft_Office_2021_LTSC_Standard_32Bit',
  'Microsoft_Office_2021_LTSC_Standard_64Bit',
  'Microsoft_Office_2024_LTSC_Standard_32Bit',
  'Microsoft_Office_2024_LTSC_Standard_64Bit',
  'Microsoft_Visio_2021_LTSC_Standard_32Bit',
  'Microsoft_Visio_2021_LTSC_Standard_64Bit',
  'Microsoft_Visio_2024_LTSC_Standard_32Bit',
  'Microsoft_Visio_2024_LTSC_Standard_64Bit',
  'Microsoft_Project_2021_Standard_32Bit',
  'Microsoft_Project_2021_Standard_64Bit',
  'Microsoft_Project_2024_Standard_32Bit',
  'Microsoft_Project_2024_Standard_64Bit',
];

/** A deployment that is over: REMOVED is the last entry of an uninstalled association. */
export const REMOVED = 'REMOVED';

/**
 * DECISION: an unknown software name is InvalidParameterCombinationException (where the
 * operation lists it); software on a builder whose platform is not Windows Server is
 * IncompatibleImageException where listed, else OperationNotPermittedException.
 */
export function checkSoftwareNames(operation: OperationName, names: readonly string[], platform: string | undefined, builderOrImage: string): void {
  if (names.length === 0) return;
  const unknown = names.find((n) => !LICENSE_INCLUDED_SOFTWARE.includes(n));
  if (unknown !== undefined) {
    throw modeledError(
      operationMayThrow(operation, 'InvalidParameterCombinationException') ? 'InvalidParameterCombinationException' : 'OperationNotPermittedException',
      softwareUnknownText(unknown),
    );
  }
  if (platform !== undefined && !platform.startsWith('WINDOWS')) {
    throw modeledError(
      operationMayThrow(operation, 'IncompatibleImageException') ? 'IncompatibleImageException' : 'OperationNotPermittedException',
      softwareNeedsWindowsText(builderOrImage, platform),
    );
  }
}
