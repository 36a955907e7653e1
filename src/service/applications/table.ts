// The applications table and the application-fleet associations table (the family, its seed and
// its handlers import them from here: no cycle through family.ts; family.ts re-exports them).
import { APPLICATION_FLEET_ASSOCIATIONS, APPLICATIONS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import type { Application } from '../../generated/shapes.js';

/** A stored application: the wire members except Name and Arn (the key) and CreatedTime (the row). */
export type ApplicationDoc = Omit<Application, 'Name' | 'Arn' | 'CreatedTime'>;

export const applicationTable = new ResourceRepo<ApplicationDoc>(APPLICATIONS);

/** Application-fleet associations: one row per (fleet, application ARN); refs.application_arn = the ARN. */
export const applicationFleetTable = new ResourceRepo<Record<string, never>>(APPLICATION_FLEET_ASSOCIATIONS);
