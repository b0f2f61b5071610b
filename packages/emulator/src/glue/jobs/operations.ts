import type { GlueOperations } from '../operations.js';
import { bookmarkOperations } from './bookmarks.js';
import { jobDefinitionOperations } from './jobs.js';
import { jobRunOperations } from './runs.js';

/**
 * Glue jobs and job runs (issue 5: Glue jobs that really run). Definitions in `jobs.ts` (defaults in
 * `definition.ts`), runs in `runs.ts` and `runner.ts` (the lifecycle table is `states.ts`), bookmarks in
 * `bookmarks.ts`, the runtime's HTTP routes in `routes.ts`. Run logs are served by CloudWatch Logs (`logs/`).
 */
export const jobOperations = {
  ...jobDefinitionOperations,
  ...jobRunOperations,
  ...bookmarkOperations,
} satisfies Partial<GlueOperations>;
