import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Column, PartitionInput, StorageDescriptor } from '@aws-sdk/client-glue';
import { type EngineResult, getEngine } from '../../packages/emulator/src/athena/engine/index.js';
import type { Lakebox, OpContext } from '../../packages/emulator/src/context.js';
import { LakeboxEvents } from '../../packages/emulator/src/events.js';
import { createDatabase } from '../../packages/emulator/src/glue/catalog/databases.js';
import { createPartition } from '../../packages/emulator/src/glue/catalog/partitions.js';
import { createTable } from '../../packages/emulator/src/glue/catalog/tables.js';
import { createBucket } from '../../packages/emulator/src/s3/buckets.js';
import { putObjectBytes } from '../../packages/emulator/src/s3/object-store.js';
import { openDb } from '../../packages/emulator/src/store/sqlite.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

export const FORMATS = {
  parquet: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
  csv: (delim = ',', extra: Record<string, string> = {}): StorageDescriptor => ({
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': delim, ...extra },
    },
  }),
  openCsv: (params: Record<string, string> = {}): StorageDescriptor => ({
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: params },
  }),
  json: {
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
  },
} satisfies Record<string, StorageDescriptor | ((...a: never[]) => StorageDescriptor)>;

/** An in-process lakebox (no HTTP) with helpers to register tables and run engine queries. */
export class EngineHarness implements AsyncDisposable {
  readonly lakebox: Lakebox;
  private n = 0;

  constructor() {
    const rootDir = mkdtempSync(join(tmpdir(), 'lakebox-engine-'));
    this.lakebox = {
      db: openDb(':memory:'),
      dataDir: undefined,
      rootDir,
      defaultAccountId: ACCOUNT,
      onStop: [],
      onReset: [],
      endpoint: '',
      events: new LakeboxEvents(),
    };
  }

  ctx(): OpContext {
    return {
      lakebox: this.lakebox,
      db: this.lakebox.db,
      account: ACCOUNT,
      region: REGION,
      requestId: 'r',
      now: new Date(),
    };
  }

  bucket(name: string): void {
    createBucket(this.lakebox, { name, account: ACCOUNT, region: REGION });
  }

  put(bucket: string, key: string, body: Uint8Array | string): void {
    putObjectBytes(this.lakebox, { bucket, key, body });
  }

  async database(name: string): Promise<void> {
    await createDatabase(this.ctx(), { DatabaseInput: { Name: name } });
  }

  async table(
    database: string,
    name: string,
    columns: Record<string, string>,
    sd: StorageDescriptor,
    location: string,
    options: { partitionKeys?: Record<string, string>; parameters?: Record<string, string> } = {},
  ): Promise<void> {
    const cols = (r: Record<string, string>): Column[] => Object.entries(r).map(([Name, Type]) => ({ Name, Type }));
    await createTable(this.ctx(), {
      DatabaseName: database,
      TableInput: {
        Name: name,
        TableType: 'EXTERNAL_TABLE',
        StorageDescriptor: { ...sd, Columns: cols(columns), Location: location },
        ...(options.partitionKeys ? { PartitionKeys: cols(options.partitionKeys) } : {}),
        ...(options.parameters ? { Parameters: options.parameters } : {}),
      },
    });
  }

  async partition(
    database: string,
    table: string,
    values: string[],
    location: string,
    sd?: StorageDescriptor,
  ): Promise<void> {
    const input: PartitionInput = { Values: values, StorageDescriptor: { ...(sd ?? {}), Location: location } };
    await createPartition(this.ctx(), { DatabaseName: database, TableName: table, PartitionInput: input });
  }

  /** Run a query; returns the engine result and the result file's text. */
  async run(
    sql: string,
    options: { database?: string; parameters?: string[]; signal?: AbortSignal } = {},
  ): Promise<EngineResult & { csv: string }> {
    const resultFile = join(this.lakebox.rootDir, 'results', `q${++this.n}.csv`);
    const result = await getEngine(this.lakebox).run({
      queryId: `q${this.n}`,
      sql,
      account: ACCOUNT,
      region: REGION,
      catalog: 'AwsDataCatalog',
      database: options.database,
      parameters: options.parameters ?? [],
      resultFile,
      signal: options.signal ?? new AbortController().signal,
    });
    return { ...result, csv: readFileSync(resultFile, 'utf8') };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const stop of [...this.lakebox.onStop].reverse()) await stop();
    this.lakebox.db.close();
    rmSync(this.lakebox.rootDir, { recursive: true, force: true });
  }
}

/** Parquet bytes written by a separate DuckDB (not the engine's) from a SELECT. */
export async function parquetBytes(select: string): Promise<Uint8Array> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-parquet-'));
  try {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const file = join(dir, 'f.parquet');
    await conn.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET)`);
    conn.closeSync();
    instance.closeSync();
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
