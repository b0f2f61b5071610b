import type { Column, PartitionInput, StorageDescriptor, TableInput } from '@aws-sdk/client-glue';
import type { FileFacts } from './classify.js';
import { type CrawlFile, mergeColumns, type PlannedPartition, type PlannedTable } from './plan.js';

/**
 * The TableInput and PartitionInputs Glue's crawler writes for a planned table: its SerDe and formats, and
 * the Parameters it sets on tables and partitions (classification, counts and sizes, CSV settings).
 */

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

function formats(facts: FileFacts): Pick<StorageDescriptor, 'InputFormat' | 'OutputFormat' | 'SerdeInfo'> {
  if (facts.classification === 'parquet') {
    return {
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        Parameters: { 'serialization.format': '1' },
      },
    };
  }
  if (facts.classification === 'json') {
    const paths = [...(facts.jsonKeys ?? [])].sort().join(',');
    return {
      InputFormat: TEXT_INPUT,
      OutputFormat: TEXT_OUTPUT,
      SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { paths } },
    };
  }
  const csv = facts.csv ?? { delimiter: ',', header: false, quoted: false };
  return {
    InputFormat: TEXT_INPUT,
    OutputFormat: TEXT_OUTPUT,
    SerdeInfo: csv.quoted
      ? {
          SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
          Parameters: { separatorChar: csv.delimiter, quoteChar: '"' },
        }
      : {
          SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
          Parameters: { 'field.delim': csv.delimiter },
        },
  };
}

/** The Parameters the crawler writes, for the files of a table or of one partition. */
function crawlerParameters(crawler: string, facts: FileFacts, files: readonly CrawlFile[]): Record<string, string> {
  const size = files.reduce((n, f) => n + f.size, 0);
  const records = files.reduce((n, f) => n + (f.facts?.records ?? 0), 0);
  const gzip = files.some((f) => f.facts?.compression === 'gzip');
  const params: Record<string, string> = {
    CrawlerSchemaDeserializerVersion: '1.0',
    CrawlerSchemaSerializerVersion: '1.0',
    UPDATED_BY_CRAWLER: crawler,
    averageRecordSize: String(records > 0 ? Math.round(size / records) : 0),
    classification: facts.classification,
    compressionType: gzip ? 'gzip' : 'none',
    objectCount: String(files.length),
    recordCount: String(records),
    sizeKey: String(size),
    typeOfData: 'file',
  };
  if (facts.csv) {
    params['areColumnsQuoted'] = String(facts.csv.quoted);
    params['columnsOrdered'] = 'true';
    params['delimiter'] = facts.csv.delimiter;
    if (facts.csv.header) params['skip.header.line.count'] = '1';
  }
  return params;
}

function storageDescriptor(
  facts: FileFacts,
  columns: Column[],
  location: string,
  params: Record<string, string>,
  compressed: boolean,
): StorageDescriptor {
  return {
    Columns: columns,
    Location: location,
    ...formats(facts),
    Compressed: compressed,
    NumberOfBuckets: -1,
    BucketColumns: [],
    SortColumns: [],
    Parameters: params,
    StoredAsSubDirectories: false,
  };
}

export function tableInput(crawler: string, t: PlannedTable): TableInput {
  const params = crawlerParameters(crawler, t.facts, t.files);
  return {
    Name: t.name,
    Owner: 'owner',
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    Parameters: params,
    PartitionKeys: t.partitionKeys.map((Name) => ({ Name, Type: 'string' })),
    StorageDescriptor: storageDescriptor(t.facts, t.columns, t.location, params, params['compressionType'] !== 'none'),
  };
}

export function partitionInput(
  crawler: string,
  t: PlannedTable,
  p: PlannedPartition,
  inheritFromTable: boolean,
): PartitionInput {
  const params = crawlerParameters(crawler, p.facts, p.files);
  const keys = new Set(t.partitionKeys);
  const own = mergeColumns(p.files.map((f) => f.facts?.columns ?? []));
  const columns = inheritFromTable ? t.columns : own.filter((c) => !keys.has(c.Name ?? ''));
  return {
    Values: p.values,
    StorageDescriptor: storageDescriptor(p.facts, columns, p.location, params, params['compressionType'] !== 'none'),
    Parameters: params,
  };
}

/** JSON with object keys sorted: equal documents, equal text, whatever order their keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
