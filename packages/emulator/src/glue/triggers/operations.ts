import type { GlueOperations } from '../operations.js';

/** Glue triggers (and workflows). */
export const triggerOperations = {} satisfies Partial<GlueOperations>;
