// CallContext lives in src/core/context.ts; re-exported here for the service's own modules.
export * from '../core/context.js';
