// The operation table of this emulator: every operation of the model, each either served by a
// handler of a group module or explicitly not implemented. The type makes a missing entry a
// compile error.
import type { OperationName } from '../generated/operations.js';
import { notImplemented, type OperationHandlers } from './handler-types.js';
import type { ServiceDeps } from './service-deps.js';
import { imageHandlers } from './images/image-handlers.js';
import { imageLifecycleHandlers } from './images/image-lifecycle-handlers.js';
import { imageBuilderHandlers } from './image-builders/image-builder-handlers.js';
import { softwareHandlers } from './image-builders/software-handlers.js';
import { permissionHandlers } from './image-permissions/image-permission-handlers.js';
import { tagHandlers } from './tags/tag-handlers.js';
import { applicationHandlers } from './applications/application-handlers.js';
import { applicationFleetHandlers } from './applications/fleet-association-handlers.js';
import { appBlockHandlers } from './app-blocks/app-block-handlers.js';
import { appBlockBuilderHandlers } from './app-block-builders/app-block-builder-handlers.js';
import { appBlockBuilderAssociationHandlers } from './app-block-builders/association-handlers.js';
import { exportImageTaskHandlers } from './export-image-tasks/export-task-handlers.js';
import { stackFamilyHandlers } from './stacks/handlers.js';
import { fleetHandlers } from './fleets/fleet-handlers.js';
import { sessionHandlers } from './fleets/session-handlers.js';
import { userHandlers } from './users/user-handlers.js';
import { userStackHandlers } from './users/user-stack-handlers.js';
import { entitlementHandlers } from './entitlements/entitlement-handlers.js';
import { directoryConfigHandlers } from './directory-configs/directory-config-handlers.js';
import { usageReportHandlers } from './usage-reports/usage-report-handlers.js';

/** The resource families' handler groups, one line per group. */
function familyHandlers(deps: ServiceDeps) {
  return {
    ...fleetHandlers(deps),
    ...sessionHandlers(deps),
    ...stackFamilyHandlers(deps),
    ...applicationHandlers(deps),
    ...applicationFleetHandlers(deps),
    ...appBlockHandlers(deps),
    ...appBlockBuilderHandlers(deps),
    ...appBlockBuilderAssociationHandlers(deps),
    ...exportImageTaskHandlers(deps),
    ...userHandlers(deps),
    ...userStackHandlers(deps),
    ...entitlementHandlers(deps),
    ...directoryConfigHandlers(deps),
    ...usageReportHandlers(deps),
  };
}

/** Operations served by the families' groups: absent from NOT_IMPLEMENTED (listing one there fails to compile). */
type FamilyOperation = keyof ReturnType<typeof familyHandlers>;

/**
 * Operations of the model that no group serves yet. Together with the groups they must name
 * every operation: createHandlers' return type makes a missing one a compile error.
 */
const NOT_IMPLEMENTED: { [Op in Exclude<OperationName, FamilyOperation>]: typeof notImplemented } = {
  AssociateSoftwareToImageBuilder: notImplemented,
  CopyImage: notImplemented,
  CreateImageBuilder: notImplemented,
  CreateImageBuilderStreamingURL: notImplemented,
  CreateImportedImage: notImplemented,
  CreateUpdatedImage: notImplemented,
  DeleteImage: notImplemented,
  DeleteImageBuilder: notImplemented,
  DeleteImagePermissions: notImplemented,
  DescribeImageBuilders: notImplemented,
  DescribeImagePermissions: notImplemented,
  DescribeImages: notImplemented,
  DescribeSoftwareAssociations: notImplemented,
  DisassociateSoftwareFromImageBuilder: notImplemented,
  ListTagsForResource: notImplemented,
  StartImageBuilder: notImplemented,
  StartSoftwareDeploymentToImageBuilder: notImplemented,
  StopImageBuilder: notImplemented,
  TagResource: notImplemented,
  UntagResource: notImplemented,
  UpdateImagePermissions: notImplemented,
};

export function createHandlers(deps: ServiceDeps): OperationHandlers {
  return {
    ...NOT_IMPLEMENTED,
    // One line per operation group; each group module owns its operations.
    ...imageHandlers(deps),
    ...imageLifecycleHandlers(deps),
    ...imageBuilderHandlers(deps),
    ...softwareHandlers(deps),
    ...permissionHandlers(deps),
    ...tagHandlers(deps),
    ...familyHandlers(deps),
  };
}
