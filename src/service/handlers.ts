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
import { fleetHandlers } from './fleets/fleet-handlers.js';
import { sessionHandlers } from './fleets/session-handlers.js';

/** Operations of the model not served yet; with the groups below they must cover every operation (typed). */
const NOT_IMPLEMENTED = {
  AssociateAppBlockBuilderAppBlock: notImplemented,
  AssociateApplicationFleet: notImplemented,
  AssociateApplicationToEntitlement: notImplemented,
  AssociateFleet: notImplemented,
  AssociateSoftwareToImageBuilder: notImplemented,
  BatchAssociateUserStack: notImplemented,
  BatchDisassociateUserStack: notImplemented,
  CopyImage: notImplemented,
  CreateAppBlock: notImplemented,
  CreateAppBlockBuilder: notImplemented,
  CreateAppBlockBuilderStreamingURL: notImplemented,
  CreateApplication: notImplemented,
  CreateDirectoryConfig: notImplemented,
  CreateEntitlement: notImplemented,
  CreateExportImageTask: notImplemented,
  CreateImageBuilder: notImplemented,
  CreateImageBuilderStreamingURL: notImplemented,
  CreateImportedImage: notImplemented,
  CreateStack: notImplemented,
  CreateThemeForStack: notImplemented,
  CreateUpdatedImage: notImplemented,
  CreateUsageReportSubscription: notImplemented,
  CreateUser: notImplemented,
  DeleteAppBlock: notImplemented,
  DeleteAppBlockBuilder: notImplemented,
  DeleteApplication: notImplemented,
  DeleteDirectoryConfig: notImplemented,
  DeleteEntitlement: notImplemented,
  DeleteImage: notImplemented,
  DeleteImageBuilder: notImplemented,
  DeleteImagePermissions: notImplemented,
  DeleteStack: notImplemented,
  DeleteThemeForStack: notImplemented,
  DeleteUsageReportSubscription: notImplemented,
  DeleteUser: notImplemented,
  DescribeAppBlockBuilderAppBlockAssociations: notImplemented,
  DescribeAppBlockBuilders: notImplemented,
  DescribeAppBlocks: notImplemented,
  DescribeAppLicenseUsage: notImplemented,
  DescribeApplicationFleetAssociations: notImplemented,
  DescribeApplications: notImplemented,
  DescribeDirectoryConfigs: notImplemented,
  DescribeEntitlements: notImplemented,
  DescribeImageBuilders: notImplemented,
  DescribeImagePermissions: notImplemented,
  DescribeImages: notImplemented,
  DescribeSoftwareAssociations: notImplemented,
  DescribeStacks: notImplemented,
  DescribeThemeForStack: notImplemented,
  DescribeUsageReportSubscriptions: notImplemented,
  DescribeUserStackAssociations: notImplemented,
  DescribeUsers: notImplemented,
  DisableUser: notImplemented,
  DisassociateAppBlockBuilderAppBlock: notImplemented,
  DisassociateApplicationFleet: notImplemented,
  DisassociateApplicationFromEntitlement: notImplemented,
  DisassociateFleet: notImplemented,
  DisassociateSoftwareFromImageBuilder: notImplemented,
  EnableUser: notImplemented,
  GetExportImageTask: notImplemented,
  ListAssociatedFleets: notImplemented,
  ListAssociatedStacks: notImplemented,
  ListEntitledApplications: notImplemented,
  ListExportImageTasks: notImplemented,
  ListTagsForResource: notImplemented,
  StartAppBlockBuilder: notImplemented,
  StartImageBuilder: notImplemented,
  StartSoftwareDeploymentToImageBuilder: notImplemented,
  StopAppBlockBuilder: notImplemented,
  StopImageBuilder: notImplemented,
  TagResource: notImplemented,
  UntagResource: notImplemented,
  UpdateAppBlockBuilder: notImplemented,
  UpdateApplication: notImplemented,
  UpdateDirectoryConfig: notImplemented,
  UpdateEntitlement: notImplemented,
  UpdateImagePermissions: notImplemented,
  UpdateStack: notImplemented,
  UpdateThemeForStack: notImplemented,
} satisfies { [Op in OperationName]?: typeof notImplemented };

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
    ...fleetHandlers(deps),
    ...sessionHandlers(deps),
  };
}
