// The tables of the generic repository, declared once: migrations create them from these
// specs and the families' repositories read them. Adding a family adds its spec here and one
// migration (migrations.ts) that calls resourceTableSql with it.
import type { ResourceTableSpec } from './resource-repo.js';

/** Fleets (SPEC-rest §1). Found by the image they use and the directory config they join. */
export const FLEETS: ResourceTableSpec = { table: 'fleets', refColumns: ['image_name', 'directory_name'] };

/**
 * Streaming sessions (SPEC-rest §4.2), named by their Id; found by fleet (DescribeSessions,
 * capacity), stack, user, instance and authentication type (DescribeSessions' filters).
 */
export const SESSIONS: ResourceTableSpec = {
  table: 'sessions',
  refColumns: ['fleet_name', 'stack_name', 'user_id', 'instance_id', 'authentication_type'],
};

/** Stacks (SPEC-rest §2). */
export const STACKS: ResourceTableSpec = { table: 'stacks' };

/** Fleet-stack associations (SPEC-rest §3): one row per pair, under the stack; found by fleet. */
export const FLEET_STACK_ASSOCIATIONS: ResourceTableSpec = { table: 'fleet_stack_associations', parentColumn: 'stack_name', refColumns: ['fleet_name'] };

/** Stack themes (SPEC-rest §8.2): at most one per stack, named by the stack's name. */
export const STACK_THEMES: ResourceTableSpec = { table: 'stack_themes' };

/** Directory configs (SPEC-rest §8.1), named by DirectoryName. */
export const DIRECTORY_CONFIGS: ResourceTableSpec = { table: 'directory_configs' };

/** Applications of Elastic fleets (SPEC-rest §7.1). Found by the app block they use. */
export const APPLICATIONS: ResourceTableSpec = { table: 'applications', refColumns: ['app_block_arn'] };

/** Application-fleet associations (SPEC-rest §7.2): under the fleet, named by the application's ARN. */
export const APPLICATION_FLEET_ASSOCIATIONS: ResourceTableSpec = {
  table: 'application_fleet_associations',
  parentColumn: 'fleet_name',
  refColumns: ['application_arn'],
};

/** App blocks (SPEC-rest §7.3). */
export const APP_BLOCKS: ResourceTableSpec = { table: 'app_blocks' };

/** App block builders (SPEC-rest §7.4). */
export const APP_BLOCK_BUILDERS: ResourceTableSpec = { table: 'app_block_builders' };

/** App block builder - app block associations (SPEC-rest §7.4): under the builder, named by the app block's ARN. */
export const APP_BLOCK_BUILDER_APP_BLOCKS: ResourceTableSpec = {
  table: 'app_block_builder_app_blocks',
  parentColumn: 'builder_name',
  refColumns: ['app_block_arn'],
};

/**
 * Export image tasks (SPEC-rest §10), named by TaskId. `image_name` filters, `ami_name` is unique among live tasks; `final_state`
 * (COMPLETED or FAILED) and `settles_at` (when EXPORTING ends: emulated ms, zero-padded to 15
 * digits so that text order is time order) let the store filter by State at a given time.
 */
export const EXPORT_IMAGE_TASKS: ResourceTableSpec = {
  table: 'export_image_tasks',
  refColumns: ['image_name', 'ami_name', 'final_state', 'settles_at'],
};
