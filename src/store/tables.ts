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

/** The user pool (SPEC-rest §5), named by UserName (case-sensitive, byte order). */
export const USERS: ResourceTableSpec = { table: 'users' };

/** User-stack associations (SPEC-rest §5.3): under the stack, named by the user; found by user. */
export const USER_STACK_ASSOCIATIONS: ResourceTableSpec = { table: 'user_stack_associations', parentColumn: 'stack_name', refColumns: ['user_name'] };

/** Entitlements (SPEC-rest §6): under their stack; their applications live in the doc (at most 50). */
export const ENTITLEMENTS: ResourceTableSpec = { table: 'entitlements', parentColumn: 'stack_name' };

/** The usage report subscription (SPEC-rest §9.1): at most one row per partition, named by its schedule. */
export const USAGE_REPORT_SUBSCRIPTIONS: ResourceTableSpec = { table: 'usage_report_subscriptions' };

/** App license usage records (SPEC-rest §9.2): under the billing period (yyyy-mm), named by user and license. */
export const APP_LICENSE_USAGES: ResourceTableSpec = { table: 'app_license_usages', parentColumn: 'billing_period' };

/**
 * The UTC days on which sessions streamed (SPEC-rest §9.1, LastGeneratedReportDate): one row per
 * session and day of its ACTIVE time (migration 20), kept after the session's own row is gone.
 * Named `<day, newest first>:<session id>`; found by session (session_id) to be rewritten.
 */
export const STREAMING_DAYS: ResourceTableSpec = { table: 'streaming_days', refColumns: ['session_id'] };

/** Image builders (migration 1; `directory_name` from migration 15: the directory config a builder joins). */
export const IMAGE_BUILDERS: ResourceTableSpec = { table: 'image_builders', refColumns: ['directory_name'] };
