// The operation table of this emulator: every operation of the model, served by a handler of a
// group module. The type makes a missing entry a compile error.
import type { OperationHandlers } from '../core/handler-types.js';
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

/**
 * Every operation of the model and the group that serves it: one line per group, each group
 * module owning its operations. The return type makes an operation that no group serves a
 * compile error (a new model operation must be given a handler, or `notImplemented` from
 * handler-types.ts, which answers NotImplementedException).
 */
export function createHandlers(deps: ServiceDeps): OperationHandlers {
  return {
    ...imageHandlers(deps),
    ...imageLifecycleHandlers(deps),
    ...imageBuilderHandlers(deps),
    ...softwareHandlers(deps),
    ...permissionHandlers(deps),
    ...tagHandlers(deps),
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
