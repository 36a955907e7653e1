// The handler contract lives in src/core/handler-types.ts (the pipeline and the service both
// depend on it, neither on the other); re-exported here for the service's own modules.
export * from '../core/handler-types.js';
