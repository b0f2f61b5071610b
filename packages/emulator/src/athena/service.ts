import type { Json11Service } from '../edge/json11-dispatch.js';
import type { AnyHandler } from '../protocol/operations.js';
import { loadServiceModel } from '../protocol/validate/validator.js';
import type { AthenaOperations } from './operations.js';

/** Athena, as lakebox serves it. Queries run in DuckDB (see `engine/`). */
export const athenaOperations = {} satisfies Partial<AthenaOperations>;

export const athenaService: Json11Service = {
  name: 'athena',
  targetPrefix: 'AmazonAthena',
  model: () => loadServiceModel('athena'),
  operations: athenaOperations as Readonly<Record<string, AnyHandler>>,
};
