import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { databaseKind } from '../resources/database.js';
import { tableKind } from '../resources/table.js';
import { SPEC_SCHEMA_FILE, specJsonSchemaText } from './json-schema-file.js';
import type { Schema } from './schema.js';
import type { DatabaseSpec, TableSpec } from './types.js';

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

describe('spec types and schemas', () => {
  it('declare the same keys', () => {
    expect(fieldsOf(databaseKind.schema)).toEqual(Object.keys(databaseKeys).sort());
    expect(fieldsOf(tableKind.schema)).toEqual(Object.keys(tableKeys).sort());
  });

  it('the committed JSON Schema is up to date (regenerate with scripts/gen-json-schema.ts)', () => {
    expect(readFileSync(SPEC_SCHEMA_FILE, 'utf8')).toBe(specJsonSchemaText());
  });
});
