import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crawlerKind } from '../resources/crawler.js';
import { databaseKind } from '../resources/database.js';
import { jobKind } from '../resources/job.js';
import { namedQueryKind } from '../resources/named-query.js';
import { tableKind } from '../resources/table.js';
import { triggerKind } from '../resources/trigger.js';
import { workgroupKind } from '../resources/workgroup.js';
import { SPEC_SCHEMA_FILE, specJsonSchemaText } from './json-schema-file.js';
import type { Schema } from './schema.js';
import type {
  CrawlerSpec,
  DatabaseSpec,
  JobSpec,
  NamedQuerySpec,
  TableSpec,
  TriggerSpec,
  WorkgroupSpec,
} from './types.js';

const fieldsOf = (s: Schema) => (s.type === 'object' ? Object.keys(s.fields).sort() : []);

// The compiler checks these records list every key of the types, no more and no fewer.
const databaseKeys: Record<keyof DatabaseSpec, true> = {
  name: true,
  description: true,
  locationUri: true,
  parameters: true,
  tags: true,
  allowDestructive: true,
};
const tableKeys: Record<keyof TableSpec, true> = {
  database: true,
  name: true,
  description: true,
  owner: true,
  tableType: true,
  location: true,
  format: true,
  delimiter: true,
  skipHeaderLines: true,
  columns: true,
  partitionKeys: true,
  storageDescriptor: true,
  parameters: true,
  partitionIndexes: true,
  tags: true,
  allowDestructive: true,
};
const keys = (names: string) => Object.fromEntries(names.split(' ').map((n) => [n, true as const]));
const jobKeys: Record<keyof JobSpec, true> = keys(
  'name role type script scriptLocation pythonVersion runtime description glueVersion workerType numberOfWorkers timeout maxRetries maxConcurrentRuns defaultArguments nonOverridableArguments connections executionClass tags allowDestructive',
) as Record<keyof JobSpec, true>;
const crawlerKeys: Record<keyof CrawlerSpec, true> = keys(
  'name role database description targets schedule classifiers tablePrefix schemaChangePolicy recrawlPolicy configuration tags allowDestructive',
) as Record<keyof CrawlerSpec, true>;
const triggerKeys: Record<keyof TriggerSpec, true> = keys(
  'name type schedule description enabled actions predicate tags allowDestructive',
) as Record<keyof TriggerSpec, true>;
const workgroupKeys: Record<keyof WorkgroupSpec, true> = keys(
  'name description state outputLocation encryption kmsKey enforceConfiguration publishCloudWatchMetrics bytesScannedCutoffPerQuery requesterPays engineVersion tags allowDestructive',
) as Record<keyof WorkgroupSpec, true>;
const namedQueryKeys: Record<keyof NamedQuerySpec, true> = keys(
  'name workgroup database query description allowDestructive',
) as Record<keyof NamedQuerySpec, true>;

describe('spec types and schemas', () => {
  it('declare the same keys', () => {
    expect(fieldsOf(databaseKind.schema)).toEqual(Object.keys(databaseKeys).sort());
    expect(fieldsOf(tableKind.schema)).toEqual(Object.keys(tableKeys).sort());
    expect(fieldsOf(jobKind.schema)).toEqual(Object.keys(jobKeys).sort());
    expect(fieldsOf(crawlerKind.schema)).toEqual(Object.keys(crawlerKeys).sort());
    expect(fieldsOf(triggerKind.schema)).toEqual(Object.keys(triggerKeys).sort());
    expect(fieldsOf(workgroupKind.schema)).toEqual(Object.keys(workgroupKeys).sort());
    expect(fieldsOf(namedQueryKind.schema)).toEqual(Object.keys(namedQueryKeys).sort());
  });

  it('the committed JSON Schema is up to date (regenerate with scripts/gen-json-schema.ts)', () => {
    expect(readFileSync(SPEC_SCHEMA_FILE, 'utf8')).toBe(specJsonSchemaText());
  });
});
