/**
 * A data lake built the way a user builds one, through the SDKs only: objects uploaded with S3 PutObject,
 * tables registered with Glue, queries run with Athena and their results paged with GetQueryResults.
 */
import { type ColumnInfo, GetQueryResultsCommand, type QueryExecution, type Row } from '@aws-sdk/client-athena';
import { type Column, CreateDatabaseCommand, CreateTableCommand, type StorageDescriptor } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AthenaTestLakebox, runQuery, values } from '../support/athena.js';

export { FORMATS } from '../support/engine.js';

/** Create a bucket; one that this lakebox already owns is fine. */
export async function ensureBucket(t: AthenaTestLakebox, bucket: string): Promise<void> {
  await t.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
    if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
  });
}

/** Upload one object with PutObject (the bucket is created when missing); returns the ETag S3 answered. */
export async function upload(t: AthenaTestLakebox, uri: string, body: string | Uint8Array): Promise<string> {
  const { bucket, key } = splitS3Uri(uri);
  await ensureBucket(t, bucket);
  const out = await t.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return out.ETag ?? '';
}

/** `s3://bucket/key` → its parts. */
export function splitS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an S3 URI: ${uri}`);
  return { bucket: m[1] ?? '', key: m[2] ?? '' };
}

/** Create a Glue database; one that exists already is fine. */
export async function ensureDatabase(t: AthenaTestLakebox, name: string): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } })).catch((e: Error) => {
    if (e.name !== 'AlreadyExistsException') throw e;
  });
}

export interface TableSpec {
  database: string;
  name: string;
  /** `name type` pairs, e.g. `['id bigint', 'name string']`. */
  columns: string[];
  location: string;
  format: StorageDescriptor;
  partitionKeys?: string[];
  parameters?: Record<string, string>;
}

/** Register an external table with Glue CreateTable (its database is created when missing). */
export async function createTable(t: AthenaTestLakebox, spec: TableSpec): Promise<void> {
  await ensureDatabase(t, spec.database);
  await t.glue.send(
    new CreateTableCommand({
      DatabaseName: spec.database,
      TableInput: {
        Name: spec.name,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', ...spec.parameters },
        PartitionKeys: spec.partitionKeys?.map(column),
        StorageDescriptor: { ...spec.format, Columns: spec.columns.map(column), Location: spec.location },
      },
    }),
  );
}

/** `'name type'` → a Glue column (the type may contain spaces, e.g. `decimal(10, 2)`). */
export function column(text: string): Column {
  const space = text.indexOf(' ');
  return { Name: text.slice(0, space), Type: text.slice(space + 1) };
}

export interface QueryAnswer {
  execution: QueryExecution;
  columns: ColumnInfo[];
  /** The header row of the first page (column labels). */
  header: (string | null)[];
  /** Every data row, NULL as `null`. */
  rows: (string | null)[][];
  /** Rows per GetQueryResults page, header included. */
  pageSizes: number[];
}

/** Run a SELECT through Athena, require SUCCEEDED, and read every page of its results. */
export async function select(t: AthenaTestLakebox, sql: string, database?: string): Promise<QueryAnswer> {
  const execution = await runQuery(t, {
    QueryString: sql,
    ...(database ? { QueryExecutionContext: { Database: database } } : {}),
  });
  if (execution.Status?.State !== 'SUCCEEDED') {
    throw new Error(`${sql}: ${execution.Status?.State}: ${execution.Status?.StateChangeReason}`);
  }
  const pages: Row[][] = [];
  let columns: ColumnInfo[] = [];
  let token: string | undefined;
  do {
    const out = await t.athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, NextToken: token }),
    );
    if (pages.length === 0) columns = out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    pages.push(out.ResultSet?.Rows ?? []);
    token = out.NextToken;
  } while (token);
  const [header, ...rows] = pages.flat().map(values);
  return { execution, columns, header: header ?? [], rows, pageSizes: pages.map((p) => p.length) };
}

/** Run a query through Athena and require FAILED; returns the execution (Status, AthenaError). */
export async function fails(t: AthenaTestLakebox, sql: string, database?: string): Promise<QueryExecution> {
  const execution = await runQuery(t, {
    QueryString: sql,
    ...(database ? { QueryExecutionContext: { Database: database } } : {}),
  });
  if (execution.Status?.State !== 'FAILED') {
    throw new Error(`${sql}: expected FAILED, got ${execution.Status?.State}`);
  }
  return execution;
}

/** Name → Athena type of each result column. */
export function columnTypes(columns: readonly ColumnInfo[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c.Name ?? '', c.Type ?? '']));
}
