import type { Json11Service } from '../edge/json11-dispatch.js';
import type { AnyHandler } from '../protocol/operations.js';
import { loadServiceModel } from '../protocol/validate/validator.js';
import { catalogOperations } from './catalogs.js';
import { namedQueryOperations } from './named-queries.js';
import type { AthenaOperations } from './operations.js';
import { preparedStatementOperations } from './prepared-statements.js';
import { queryOperations } from './queries.js';
import { resultOperations } from './results.js';
import { tagOperations } from './tags.js';
import { workGroupOperations } from './workgroups.js';

/** Athena, as lakebox serves it. Queries run in DuckDB (see `engine/`). */
export const athenaOperations = {
  ...queryOperations,
  ...resultOperations,
  ...workGroupOperations,
  ...namedQueryOperations,
  ...preparedStatementOperations,
  ...catalogOperations,
  ...tagOperations,
} satisfies Partial<AthenaOperations>;

export const athenaService: Json11Service = {
  name: 'athena',
  targetPrefix: 'AmazonAthena',
  model: () => loadServiceModel('athena'),
  operations: athenaOperations as Readonly<Record<string, AnyHandler>>,
};
