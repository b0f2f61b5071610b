import type { GlueOperations } from '../operations.js';

/** Glue jobs and job runs (issue: Glue jobs that really run). */
export const jobOperations = {} satisfies Partial<GlueOperations>;
