import { type Column, GlueClient, type PartitionInput, type TableInput } from '@aws-sdk/client-glue';

/**
 * The catalog the benchmark builds: what a data lake's Hive-style Parquet tables look like when a
 * crawler or Terraform registers them. Sizes match what real tables carry, so request and document
 * sizes are realistic.
 */

/** Partition keys of the partitioned table: an int, a zero-padded string and an int. */
export const PARTITION_KEYS: Column[] = [
  { Name: 'year', Type: 'int' },
  { Name: 'month', Type: 'string' },
  { Name: 'day', Type: 'int' },
];

const COLUMNS: Column[] = [
  { Name: 'event_id', Type: 'string', Comment: 'unique id of the event' },
  { Name: 'occurred_at', Type: 'timestamp' },
  { Name: 'user_id', Type: 'bigint' },
  { Name: 'session_id', Type: 'string' },
  { Name: 'kind', Type: 'string' },
  { Name: 'amount', Type: 'decimal(18,2)' },
  { Name: 'currency', Type: 'string' },
  { Name: 'country', Type: 'string' },
  { Name: 'device', Type: 'struct<os:string,version:string>' },
  { Name: 'tags', Type: 'array<string>' },
  { Name: 'attributes', Type: 'map<string,string>' },
  { Name: 'is_test', Type: 'boolean' },
];

const PARQUET = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
};

/** A partitioned external Parquet table. */
export function tableInput(name: string, bucket = 'bench-lake'): TableInput {
  return {
    Name: name,
    Description: `benchmark table ${name}`,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'parquet', EXTERNAL: 'TRUE', 'parquet.compression': 'SNAPPY' },
    PartitionKeys: PARTITION_KEYS,
    StorageDescriptor: { Columns: COLUMNS, Location: `s3://${bucket}/${name}/`, ...PARQUET },
  };
}

/** Values of partition `index`: consecutive days from 1998-01-01, as [year, 'MM', day]. */
export function partitionValues(index: number): [string, string, string] {
  const day = new Date(Date.UTC(1998, 0, 1 + index));
  return [String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate())];
}

/** One partition of `table`, laid out the Hive way under the table's location. */
export function partitionInput(table: string, index: number, bucket = 'bench-lake'): PartitionInput {
  const [year, month, day] = partitionValues(index);
  return {
    Values: [year, month, day],
    Parameters: { numRows: '1000' },
    StorageDescriptor: {
      Columns: COLUMNS,
      Location: `s3://${bucket}/${table}/year=${year}/month=${month}/day=${day}/`,
      ...PARQUET,
    },
  };
}

/**
 * A selective `GetPartitions` expression over the first `partitions` partitions: days 1-10 of the
 * month in the middle of the range, so 10 matches when the range covers that month. `matches` is
 * counted here with the same rule, so the benchmark can check the server's answer.
 */
export function selectiveQuery(partitions: number): { expression: string; matches: number } {
  const [year, month] = partitionValues(Math.floor(partitions / 2));
  let matches = 0;
  for (let i = 0; i < partitions; i++) {
    const [y, m, d] = partitionValues(i);
    if (y === year && m === month && Number(d) <= 10) matches++;
  }
  return { expression: `year = ${year} AND month = '${month}' AND day <= 10`, matches };
}

/** An SDK client as an application would make one: keep-alive HTTP, no retries (so errors show). */
export function glueClient(endpoint: string): GlueClient {
  return new GlueClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 30_000 },
  });
}
