import type { GlueOperations } from '../operations.js';

/** Glue crawlers and crawls. */
export const crawlerOperations = {} satisfies Partial<GlueOperations>;
