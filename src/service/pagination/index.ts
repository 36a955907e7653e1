// The one paginator every paged operation uses (see paginator.ts).
export * from './paginator.js';
