import type { StorageDescriptorSpec, TableSpec } from '../spec/types.js';

/** What a `format` shorthand expands to: the StorageDescriptor and table parameters Athena's DDL would write. */
export interface FormatExpansion {
  storage: StorageDescriptorSpec;
  parameters: Record<string, string>;
}

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/**
 * Expand `format: parquet | csv | json` (with `delimiter` and `skipHeaderLines` for CSV) the way Athena's
 * `CREATE EXTERNAL TABLE ... STORED AS` / `ROW FORMAT` writes the table, so a table made either way compares equal.
 */
export function expandFormat(spec: TableSpec): FormatExpansion | undefined {
  switch (spec.format) {
    case undefined:
      return undefined;
    case 'parquet':
      return {
        storage: {
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serde: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            parameters: { 'serialization.format': '1' },
          },
        },
        parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
      };
    case 'csv': {
      const delimiter = spec.delimiter ?? ',';
      return {
        storage: {
          inputFormat: TEXT_INPUT,
          outputFormat: TEXT_OUTPUT,
          serde: {
            serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
            parameters: { 'field.delim': delimiter, 'serialization.format': delimiter },
          },
        },
        parameters: {
          classification: 'csv',
          EXTERNAL: 'TRUE',
          ...(spec.skipHeaderLines !== undefined ? { 'skip.header.line.count': String(spec.skipHeaderLines) } : {}),
        },
      };
    }
    case 'json':
      return {
        storage: {
          inputFormat: TEXT_INPUT,
          outputFormat: TEXT_OUTPUT,
          serde: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: { 'serialization.format': '1' },
          },
        },
        parameters: { classification: 'json', EXTERNAL: 'TRUE' },
      };
  }
}
