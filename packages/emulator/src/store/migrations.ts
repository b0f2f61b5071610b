import { glueCatalogSchema } from './migrations/001-glue-catalog.js';
import { s3Schema } from './migrations/002-s3.js';
import { athenaSchema } from './migrations/003-athena.js';
import { glueJobsSchema } from './migrations/004-glue-jobs.js';
import { glueCrawlersSchema } from './migrations/005-glue-crawlers.js';
import { glueTriggersSchema } from './migrations/006-glue-triggers.js';
import { catalogVersionsSchema } from './migrations/007-catalog-versions.js';

/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * Append only: a released migration never changes. `user_version` records the last one applied.
 *
 * Every row is scoped by `account` and `region` (STYLE lesson 8). Resource bodies are JSON documents
 * (`doc`) in the AWS SDK's shape; the other columns are keys and what queries filter or sort on.
 */
export const migrations: readonly string[] = [
  glueCatalogSchema,
  s3Schema,
  athenaSchema,
  glueJobsSchema,
  glueCrawlersSchema,
  glueTriggersSchema,
  catalogVersionsSchema,
];
