import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { decodeInput, hasOperation, loadServiceModel } from './validator.js';

const glue = loadServiceModel('glue');
const NAME_PATTERN = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*';

/** The AwsError `decodeInput` throws, as `code: message`. */
function failure(operation: string, body: unknown): string {
  try {
    decodeInput(glue, operation, body);
  } catch (e) {
    if (e instanceof AwsError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error(`${operation} unexpectedly passed validation`);
}

function column(i: number) {
  return { Name: `col_${i}`, Type: i % 2 ? 'string' : 'bigint', Comment: `column ${i}`, Parameters: { k: 'v' } };
}

function tableInput(columns: number) {
  return {
    Name: 'events',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'parquet' },
    PartitionKeys: [{ Name: 'dt', Type: 'string' }],
    StorageDescriptor: {
      Columns: Array.from({ length: columns }, (_, i) => column(i)),
      Location: 's3://bucket/events/',
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    },
  };
}

describe('service model', () => {
  it('lists the operations of the SDK schemas', () => {
    expect(hasOperation(glue, 'CreateTable')).toBe(true);
    expect(hasOperation(glue, 'GetPartitions')).toBe(true);
    expect(hasOperation(glue, 'NoSuchOperation')).toBe(false);
    expect(loadServiceModel('glue')).toBe(glue);
  });

  it('loads athena lazily and says clearly when its client is missing', () => {
    let model: ReturnType<typeof loadServiceModel> | undefined;
    try {
      model = loadServiceModel('athena');
    } catch (e) {
      expect(String(e)).toContain('@aws-sdk/client-athena is not installed');
      return;
    }
    expect(hasOperation(model, 'StartQueryExecution')).toBe(true);
  });

  it('compiles every generated pattern', () => {
    for (const service of ['glue', 'athena']) {
      const file = new URL(`./${service}.constraints.generated.json`, import.meta.url);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as {
        constraints: Record<string, { pattern?: string; re?: string }>;
      };
      for (const c of Object.values(doc.constraints)) {
        if (c.pattern !== undefined) expect(() => new RegExp(`^(?:${c.re ?? c.pattern})$`, 'u')).not.toThrow();
      }
    }
  });
});

describe('validation errors (AWS Coral wording)', () => {
  it('reports a missing required member', () => {
    expect(failure('CreateDatabase', {})).toBe(
      "ValidationException: 1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not be null",
    );
  });

  it('counts several errors', () => {
    expect(failure('GetTable', {})).toBe(
      'ValidationException: 2 validation errors detected: ' +
        "Value null at 'databaseName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects a too long table name, under the member name AWS reports (table, not tableInput)', () => {
    const name = 'x'.repeat(256);
    expect(failure('CreateTable', { DatabaseName: 'db', TableInput: { Name: name } })).toBe(
      `ValidationException: 1 validation error detected: Value '${name}' at 'table.name' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 255',
    );
    expect(failure('GetTable', { DatabaseName: 'db', Name: '' })).toBe(
      "ValidationException: 1 validation error detected: Value '' at 'name' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1',
    );
  });

  it('rejects forbidden characters: a newline in a name or a column comment', () => {
    expect(failure('GetTable', { DatabaseName: 'db', Name: 'bad\nname' })).toBe(
      "ValidationException: 1 validation error detected: Value 'bad\nname' at 'name' failed to satisfy constraint: " +
        `Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
    const input = tableInput(3);
    input.StorageDescriptor.Columns[1] = { ...column(1), Comment: 'two\nlines' };
    expect(failure('CreateTable', { DatabaseName: 'db', TableInput: input })).toContain(
      "Value 'two\nlines' at 'table.storageDescriptor.columns.2.member.comment' failed to satisfy constraint: " +
        `Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  });

  it('accepts what the name pattern allows: tabs, unicode, astral characters', () => {
    for (const Name of ['events', 'My Table', 'tab\there', 'données', 'emoji 😀']) {
      expect(() => decodeInput(glue, 'GetTable', { DatabaseName: 'db', Name })).not.toThrow();
    }
    expect(failure('GetTable', { DatabaseName: 'db', Name: 'lone \ud800 surrogate' })).toContain('regular expression');
  });

  it('rejects enum violations, on a member and on list elements', () => {
    expect(failure('SearchTables', { ResourceShareType: 'MINE' })).toBe(
      "ValidationException: 1 validation error detected: Value 'MINE' at 'resourceShareType' failed to satisfy " +
        'constraint: Member must satisfy enum value set: [FOREIGN, ALL, FEDERATED]',
    );
    expect(failure('GetTables', { DatabaseName: 'db', AttributesToGet: ['NAME', 'SIZE'] })).toBe(
      "ValidationException: 1 validation error detected: Value '[NAME, SIZE]' at 'attributesToGet' failed to satisfy " +
        'constraint: Member must satisfy constraint: [Member must satisfy enum value set: [NAME, TABLE_TYPE]]',
    );
  });

  it('rejects a list over its max size and numbers out of range', () => {
    const tables = Array.from({ length: 101 }, (_, i) => `t${i}`);
    expect(failure('BatchDeleteTable', { DatabaseName: 'db', TablesToDelete: tables })).toBe(
      `ValidationException: 1 validation error detected: Value '[${tables.join(', ')}]' at 'tablesToDelete' ` +
        'failed to satisfy constraint: Member must have length less than or equal to 100',
    );
    expect(failure('GetTables', { DatabaseName: 'db', MaxResults: 0 })).toBe(
      "ValidationException: 1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
  });

  it('summarises map key violations once, listing all the key constraints', () => {
    expect(failure('CreateDatabase', { DatabaseInput: { Name: 'db', Parameters: { '': 'v', ok: 'v' } } })).toBe(
      "ValidationException: 1 validation error detected: Value '{=v, ok=v}' at 'databaseInput.parameters' failed to " +
        'satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, ' +
        `Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${NAME_PATTERN}]`,
    );
  });

  it('reports a required member missing inside a list element', () => {
    const input = tableInput(2);
    input.StorageDescriptor.Columns.push({ Type: 'int' } as ReturnType<typeof column>);
    expect(failure('CreateTable', { DatabaseName: 'db', TableInput: input })).toBe(
      'ValidationException: 1 validation error detected: Value null at ' +
        "'table.storageDescriptor.columns.3.member.name' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('serialization errors', () => {
  it('rejects a string where a structure is expected', () => {
    expect(failure('CreateDatabase', { DatabaseInput: 'db' })).toBe(
      "SerializationException: Expected a structure at 'databaseInput' but found a string.",
    );
  });

  it('names the member path of nested type errors', () => {
    const input = tableInput(2);
    const columns: unknown[] = input.StorageDescriptor.Columns;
    columns[1] = { Name: 7 };
    expect(failure('CreateTable', { DatabaseName: 'db', TableInput: input })).toBe(
      "SerializationException: Expected a string at 'table.storageDescriptor.columns.2.member.name' but found a number.",
    );
    expect(failure('GetTables', { DatabaseName: 'db', MaxResults: '10' })).toBe(
      "SerializationException: Expected a number at 'maxResults' but found a string.",
    );
    expect(failure('GetTables', { DatabaseName: 'db', AttributesToGet: 'NAME' })).toBe(
      "SerializationException: Expected a list at 'attributesToGet' but found a string.",
    );
  });
});

describe('decoding', () => {
  it('turns epoch-second timestamps into Dates', () => {
    const input = { ...tableInput(1), LastAccessTime: 1700000000.5 };
    const out = decodeInput(glue, 'CreateTable', { DatabaseName: 'db', TableInput: input }) as {
      TableInput: { LastAccessTime: Date };
    };
    expect(out.TableInput.LastAccessTime).toBeInstanceOf(Date);
    expect(out.TableInput.LastAccessTime.getTime()).toBe(1700000000500);
    expect(failure('CreateTable', { DatabaseName: 'db', TableInput: { Name: 't', LastAccessTime: 'yesterday' } })).toBe(
      "SerializationException: Expected a timestamp (epoch seconds) at 'table.lastAccessTime' but found a string.",
    );
  });

  it('turns base64 blobs into bytes', () => {
    const stats = (unscaled: string) => ({
      DatabaseName: 'db',
      TableName: 't',
      ColumnStatisticsList: [
        {
          ColumnName: 'price',
          ColumnType: 'decimal(10,2)',
          AnalyzedTime: 1700000000,
          StatisticsData: {
            Type: 'DECIMAL',
            DecimalColumnStatisticsData: {
              MinimumValue: { UnscaledValue: unscaled, Scale: 2 },
              NumberOfNulls: 0,
              NumberOfDistinctValues: 3,
            },
          },
        },
      ],
    });
    const out = decodeInput(glue, 'UpdateColumnStatisticsForTable', stats('AQI=')) as {
      ColumnStatisticsList: [
        {
          AnalyzedTime: Date;
          StatisticsData: { DecimalColumnStatisticsData: { MinimumValue: { UnscaledValue: Uint8Array } } };
        },
      ];
    };
    const [first] = out.ColumnStatisticsList;
    expect(first.AnalyzedTime).toEqual(new Date(1700000000_000));
    const bytes = first.StatisticsData.DecimalColumnStatisticsData.MinimumValue.UnscaledValue;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([1, 2]);
    expect(failure('UpdateColumnStatisticsForTable', stats('not base64!'))).toBe(
      'SerializationException: Expected a base64-encoded blob at ' +
        "'columnStatisticsList.1.member.statisticsData.decimalColumnStatisticsData.minimumValue.unscaledValue' " +
        'but found a string.',
    );
  });

  it('ignores and drops unknown members; treats null as absent', () => {
    const body = { DatabaseName: 'db', Bogus: 1, TableInput: { ...tableInput(1), Extra: { x: 1 }, Owner: null } };
    const out = decodeInput(glue, 'CreateTable', body) as Record<string, Record<string, unknown>>;
    expect(out).not.toHaveProperty('Bogus');
    expect(out['TableInput']).not.toHaveProperty('Extra');
    expect(out['TableInput']).not.toHaveProperty('Owner');
    expect(out['TableInput']?.['StorageDescriptor']).toEqual(tableInput(1).StorageDescriptor);
  });

  it('is fast enough to run on every request', () => {
    const body = { DatabaseName: 'db', TableInput: tableInput(50) };
    decodeInput(glue, 'CreateTable', body);
    const runs = 10_000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) decodeInput(glue, 'CreateTable', body);
    const perCall = (performance.now() - start) / runs;
    console.log(`decodeInput(CreateTable, 50 columns): ${(perCall * 1000).toFixed(1)} µs per call`);
    expect(perCall).toBeGreaterThan(0);
  });
});
