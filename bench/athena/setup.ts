import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { AthenaClient } from '@aws-sdk/client-athena';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runPool } from '../lib/pool.js';
import { glueClient } from '../lib/workload.js';
import { type DataSet, partitionValues, SALES_COLUMNS } from './dataset.js';

/** Where the bench puts things in lakebox. */
export const LAYOUT = {
  dataBucket: 'bench-data',
  /** Key prefix of the sales table's files; partitions are `<prefix>dt=YYYY-MM-DD/`. */
  tablePrefix: 'sales/',
  resultsBucket: 'bench-results',
  outputLocation: 's3://bench-results/athena/',
  database: 'bench',
  table: 'sales',
} as const;

/** Uploads in flight at once. */
const UPLOAD_CONCURRENCY = 8;
/** Partitions per BatchCreatePartition call: the AWS maximum. */
const PARTITION_BATCH = 100;

/** SDK clients for one lakebox endpoint, as an application would make them: keep-alive, no retries. */
export interface Clients {
  athena: AthenaClient;
  s3: S3Client;
  glue: ReturnType<typeof glueClient>;
  destroy(): void;
}

export function makeClients(endpoint: string): Clients {
  const common = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 120_000 },
  };
  const athena = new AthenaClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const glue = glueClient(endpoint);
  return {
    athena,
    s3,
    glue,
    destroy() {
      athena.destroy();
      s3.destroy();
      glue.destroy();
    },
  };
}

export interface SetupTimes {
  uploadMs: number;
  registerMs: number;
  partitions: number;
}

/**
 * Put the data set into lakebox as a user would: create the buckets, upload every file with S3
 * PutObject (8 at a time), create the database and the partitioned Parquet table through Glue, and
 * register every partition with BatchCreatePartition, 100 per call.
 */
export async function loadIntoLakebox(clients: Clients, data: DataSet): Promise<SetupTimes> {
  const { s3, glue } = clients;
  await s3.send(new CreateBucketCommand({ Bucket: LAYOUT.dataBucket }));
  await s3.send(new CreateBucketCommand({ Bucket: LAYOUT.resultsBucket }));

  const uploadStarted = performance.now();
  await runPool(data.files.length, UPLOAD_CONCURRENCY, async (i) => {
    const file = data.files[i];
    if (!file) return;
    await s3.send(
      new PutObjectCommand({
        Bucket: LAYOUT.dataBucket,
        Key: `${LAYOUT.tablePrefix}${file.relativePath}`,
        Body: await readFile(file.path),
      }),
    );
  });
  const uploadMs = performance.now() - uploadStarted;

  const registerStarted = performance.now();
  const location = `s3://${LAYOUT.dataBucket}/${LAYOUT.tablePrefix}`;
  const storage = (path: string) => ({
    Columns: SALES_COLUMNS.map((c) => ({ ...c })),
    Location: path,
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  });
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: LAYOUT.database } }));
  await glue.send(
    new CreateTableCommand({
      DatabaseName: LAYOUT.database,
      TableInput: {
        Name: LAYOUT.table,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        StorageDescriptor: storage(location),
      },
    }),
  );
  const values = partitionValues(data.files);
  for (let start = 0; start < values.length; start += PARTITION_BATCH) {
    const batch = values.slice(start, start + PARTITION_BATCH);
    const out = await glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: LAYOUT.database,
        TableName: LAYOUT.table,
        PartitionInputList: batch.map((dt) => ({ Values: [dt], StorageDescriptor: storage(`${location}dt=${dt}/`) })),
      }),
    );
    const first = out.Errors?.[0];
    if (first) {
      throw new Error(`BatchCreatePartition: ${out.Errors?.length} errors, first ${first.ErrorDetail?.ErrorCode}`);
    }
  }
  return { uploadMs, registerMs: performance.now() - registerStarted, partitions: values.length };
}
