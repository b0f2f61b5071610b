import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Crawler,
  CreateCrawlerCommand,
  type CreateCrawlerCommandInput,
  CreateDatabaseCommand,
  GetCrawlerCommand,
  type GlueClient,
  StartCrawlerCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';

/** Create a bucket; one this lakebox already owns is fine. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
    if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
  });
}

/** PutObject at `s3://bucket/key` (the bucket is created when missing). */
export async function put(s3: S3Client, uri: string, body: string | Uint8Array): Promise<void> {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) throw new Error(`not an S3 URI: ${uri}`);
  await ensureBucket(s3, m[1] ?? '');
  await s3.send(new PutObjectCommand({ Bucket: m[1], Key: m[2], Body: body }));
}

export async function remove(s3: S3Client, uri: string): Promise<void> {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  await s3.send(new DeleteObjectCommand({ Bucket: m?.[1], Key: m?.[2] }));
}

/** Parquet bytes of a DuckDB SELECT (written by DuckDB, read back by the crawler with parquetjs-lite). */
export async function parquetOf(select: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'crawler-parquet-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const file = join(dir, 'data.parquet');
    await connection.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET)`);
    return readFileSync(file);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function createDatabase(glue: GlueClient, name: string): Promise<void> {
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } })).catch((e: Error) => {
    if (e.name !== 'AlreadyExistsException') throw e;
  });
}

/** Create a crawler over S3 paths with Glue's defaults unless given. */
export async function createCrawler(
  glue: GlueClient,
  name: string,
  database: string,
  paths: string[],
  extra: Partial<CreateCrawlerCommandInput> = {},
): Promise<void> {
  await glue.send(
    new CreateCrawlerCommand({
      Name: name,
      Role: 'arn:aws:iam::000000000000:role/service-role/AWSGlueServiceRole-test',
      DatabaseName: database,
      Targets: { S3Targets: paths.map((Path) => ({ Path })) },
      ...extra,
    }),
  );
}

/** Start a crawl and poll GetCrawler until the crawler is READY with this crawl as its LastCrawl. */
export async function crawl(glue: GlueClient, name: string, timeoutMs = 20_000): Promise<Crawler> {
  const before = (await glue.send(new GetCrawlerCommand({ Name: name }))).Crawler?.LastCrawl?.MessagePrefix;
  await glue.send(new StartCrawlerCommand({ Name: name }));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { Crawler: c } = await glue.send(new GetCrawlerCommand({ Name: name }));
    if (c?.State === 'READY' && c.LastCrawl?.MessagePrefix !== before) return c;
    if (Date.now() > until) throw new Error(`crawler ${name} still ${c?.State} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
