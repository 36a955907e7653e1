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
import { userHandlers } from './users/user-handlers.js';
import { userStackHandlers } from './users/user-stack-handlers.js';
import { entitlementHandlers } from './entitlements/entitlement-handlers.js';
import { directoryConfigHandlers } from './directory-configs/directory-config-handlers.js';
import { usageReportHandlers } from './usage-reports/usage-report-handlers.js';

/** Operations of the model outside the image service (fleets, stacks, users, ...). */
const NOT_IMPLEMENTED: { [Op in OperationName]: typeof notImplemented } = {
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
  CreateFleet: notImplemented,
  CreateImageBuilder: notImplemented,
  CreateImageBuilderStreamingURL: notImplemented,
  CreateImportedImage: notImplemented,
  CreateStack: notImplemented,
  CreateStreamingURL: notImplemented,
  CreateThemeForStack: notImplemented,
  CreateUpdatedImage: notImplemented,
  CreateUsageReportSubscription: notImplemented,
  CreateUser: notImplemented,
  DeleteAppBlock: notImplemented,
  DeleteAppBlockBuilder: notImplemented,
  DeleteApplication: notImplemented,
  DeleteDirectoryConfig: notImplemented,
  DeleteEntitlement: notImplemented,
  DeleteFleet: notImplemented,
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
  DescribeFleets: notImplemented,
  DescribeImageBuilders: notImplemented,
  DescribeImagePermissions: notImplemented,
  DescribeImages: notImplemented,
  DescribeSessions: notImplemented,
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
  DrainSessionInstance: notImplemented,
  EnableUser: notImplemented,
  ExpireSession: notImplemented,
  GetExportImageTask: notImplemented,
  ListAssociatedFleets: notImplemented,
  ListAssociatedStacks: notImplemented,
  ListEntitledApplications: notImplemented,
  ListExportImageTasks: notImplemented,
  ListTagsForResource: notImplemented,
  StartAppBlockBuilder: notImplemented,
  StartFleet: notImplemented,
  StartImageBuilder: notImplemented,
  StartSoftwareDeploymentToImageBuilder: notImplemented,
  StopAppBlockBuilder: notImplemented,
  StopFleet: notImplemented,
  StopImageBuilder: notImplemented,
  TagResource: notImplemented,
  UntagResource: notImplemented,
  UpdateAppBlockBuilder: notImplemented,
  UpdateApplication: notImplemented,
  UpdateDirectoryConfig: notImplemented,
  UpdateEntitlement: notImplemented,
  UpdateFleet: notImplemented,
  UpdateImagePermissions: notImplemented,
  UpdateStack: notImplemented,
  UpdateThemeForStack: notImplemented,
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
    ...userHandlers(deps),
    ...userStackHandlers(deps),
    ...entitlementHandlers(deps),
    ...directoryConfigHandlers(deps),
    ...usageReportHandlers(deps),
  };
}
