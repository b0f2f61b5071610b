import { describe, expect, it } from 'vitest';
import { glueTable } from '../diff/plan-fixtures.js';
import { patchAttrs } from './kind.js';
import { flattenTable, flattenTableSpec, toTableInput } from './table-attrs.js';

describe('flattenTableSpec', () => {
  it('expands format: csv with its delimiter and header lines, and lets storageDescriptor override', () => {
    const attrs = flattenTableSpec({
      database: 'd',
      name: 't',
      format: 'csv',
      delimiter: '|',
      skipHeaderLines: 1,
      storageDescriptor: { serde: { parameters: { 'escape.delim': '\\' } }, compressed: true },
    });
    expect(attrs).toMatchObject({
      tableType: 'EXTERNAL_TABLE',
      'parameters.classification': 'csv',
      'parameters.skip.header.line.count': '1',
      'storage.inputFormat': 'org.apache.hadoop.mapred.TextInputFormat',
      'storage.serde.serializationLibrary': 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      'storage.serde.parameters.field.delim': '|',
      'storage.serde.parameters.escape.delim': '\\',
      'storage.compressed': true,
    });
  });

  it('declares nothing it was not told: no format, no storage attributes', () => {
    expect(flattenTableSpec({ database: 'd', name: 't', parameters: { a: '1' } })).toEqual({ 'parameters.a': '1' });
  });
});

describe('toTableInput', () => {
  it('merges planned changes into the live table, keeping what nobody declared', () => {
    const live = glueTable({
      ViewOriginalText: 'select 1',
      Parameters: { ...glueTable().Parameters, metadata_location: 's3://iceberg/v3.json' },
    });
    live.StorageDescriptor!.Columns![0]!.Parameters = { 'iceberg.field.id': '1' };
    live.StorageDescriptor!.Columns![1]!.Comment = 'written by someone';
    const target = patchAttrs(flattenTable(live), [
      { path: 'columns.amount.type', before: 'decimal(10,2)', after: 'decimal(12,2)' },
      { path: 'parameters.team', after: 'data' },
    ]);
    const input = toTableInput('orders', target, live, {
      database: 'sales',
      name: 'orders',
      columns: [{ name: 'Amount', type: 'DECIMAL(12,2)' }],
    });
    expect(input.Parameters).toMatchObject({ metadata_location: 's3://iceberg/v3.json', team: 'data' });
    expect(input.ViewOriginalText).toBe('select 1');
    expect(input.StorageDescriptor?.Columns).toEqual([
      { Name: 'id', Type: 'BIGINT', Parameters: { 'iceberg.field.id': '1' } },
      { Name: 'Amount', Type: 'DECIMAL(12,2)', Comment: 'written by someone' },
    ]);
    expect(input.PartitionKeys).toEqual([{ Name: 'dt', Type: 'date' }]);
    expect(input.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(input).not.toHaveProperty('CreateTime');
    expect(input).not.toHaveProperty('VersionId');
  });
});
