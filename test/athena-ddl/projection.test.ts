/**
 * Partition projection: queries see the partitions the table properties project, with no partition
 * registered, read only the folders the WHERE clause needs (DataScannedInBytes), and a misconfigured table
 * fails at query time with Athena's message.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPartitionsCommand } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ensureBucket } from '../athena-e2e/lake.js';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';

type T = Awaited<ReturnType<typeof startAthenaTestLakebox>>;

async function ok(t: T, sql: string) {
  const q = await runQuery(t, { QueryString: sql });
  if (q.Status?.State !== 'SUCCEEDED') throw new Error(`${sql}\n→ ${q.Status?.State}: ${q.Status?.StateChangeReason}`);
  return q;
}

async function rows(t: T, sql: string): Promise<{ rows: (string | null)[][]; scanned: number }> {
  const q = await ok(t, sql);
  const all = (await allRows(t.athena, q.QueryExecutionId ?? '')).rows.map(values);
  return { rows: all, scanned: q.Statistics?.DataScannedInBytes ?? -1 };
}

async function failure(t: T, sql: string): Promise<string> {
  const q = await runQuery(t, { QueryString: sql });
  expect(q.Status?.State).toBe('FAILED');
  return q.Status?.StateChangeReason ?? '';
}

/** Parquet bytes written by a DuckDB of the test's own. */
async function parquetBytes(select: string): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-projection-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const file = join(dir, 'f.parquet');
    await conn.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET)`);
    return new Uint8Array(readFileSync(file));
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Upload objects, `parallel` at a time. */
async function putAll(
  t: T,
  bucket: string,
  objects: Array<[string, string | Uint8Array]>,
  parallel = 32,
): Promise<void> {
  await ensureBucket(t, bucket);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const [key, body] = objects[next++] as [string, string | Uint8Array];
      await t.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const DAYS = 3653; // 2015-01-01 .. 2024-12-31

function isoDay(i: number): string {
  return new Date(START + i * DAY_MS).toISOString().slice(0, 10);
}

describe('partition projection', () => {
  it('10 years of daily Parquet folders: every day without a filter, one day with one; nothing registered', {
    timeout: 180_000,
  }, async () => {
    await using t = await startAthenaTestLakebox();
    // The same one-row Parquet file in every day's folder: the day is in the path only.
    const file = await parquetBytes('SELECT 1::INTEGER AS n');
    const objects: Array<[string, Uint8Array]> = [];
    for (let i = 0; i < DAYS; i++) objects.push([`daily/dt=${isoDay(i)}/part-0.parquet`, file]);
    await putAll(t, 'lake', objects);
    await ok(t, 'CREATE DATABASE db');
    await ok(
      t,
      `CREATE EXTERNAL TABLE db.daily (n int) PARTITIONED BY (dt string)
       STORED AS PARQUET LOCATION 's3://lake/daily/'
       TBLPROPERTIES ('projection.enabled' = 'true', 'projection.dt.type' = 'date',
         'projection.dt.range' = '2015-01-01,2024-12-31', 'projection.dt.format' = 'yyyy-MM-dd',
         'projection.dt.interval' = '1', 'projection.dt.interval.unit' = 'DAYS')`,
    );
    const registered = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'daily' }));
    expect(registered.Partitions).toEqual([]);

    const all = await rows(t, 'SELECT count(*), min(dt), max(dt), sum(n) FROM db.daily');
    expect(all.rows[1]).toEqual([String(DAYS), '2015-01-01', '2024-12-31', String(DAYS)]);
    expect(all.scanned).toBe(DAYS * file.byteLength);

    const one = await rows(t, "SELECT n, dt FROM db.daily WHERE dt = '2020-02-29'");
    expect(one.rows).toEqual([
      ['n', 'dt'],
      ['1', '2020-02-29'],
    ]);
    expect(one.scanned).toBe(file.byteLength);

    const month = await rows(t, "SELECT count(*) FROM db.daily WHERE dt BETWEEN '2024-02-01' AND '2024-02-29'");
    expect(month.rows[1]).toEqual(['29']);
    expect(month.scanned).toBe(29 * file.byteLength);

    // A projected day without a folder is an empty partition, not an error.
    await ok(t, "ALTER TABLE db.daily SET TBLPROPERTIES ('projection.dt.range' = '2014-12-30,2015-01-02')");
    expect((await rows(t, 'SELECT count(*) FROM db.daily')).rows[1]).toEqual(['2']);
  });

  it('enum, integer (digits), injected and storage.location.template', async () => {
    await using t = await startAthenaTestLakebox();
    const objects: Array<[string, string]> = [];
    for (const region of ['eu', 'us']) {
      for (let h = 0; h < 24; h += 6) {
        for (const device of ['a1', 'b2']) {
          objects.push([`logs/${region}/${String(h).padStart(2, '0')}/${device}/f.csv`, `${region}-${h}-${device}\n`]);
        }
      }
    }
    await putAll(t, 'lake', objects);
    await ok(t, 'CREATE DATABASE db');
    await ok(
      t,
      `CREATE EXTERNAL TABLE db.logs (msg string) PARTITIONED BY (region string, hour int, device string)
       LOCATION 's3://lake/logs/'
       TBLPROPERTIES ('projection.enabled' = 'true',
         'projection.region.type' = 'enum', 'projection.region.values' = 'eu,us',
         'projection.hour.type' = 'integer', 'projection.hour.range' = '0,23', 'projection.hour.interval' = '6',
         'projection.hour.digits' = '2',
         'projection.device.type' = 'injected',
         'storage.location.template' = 's3://lake/logs/\${region}/\${hour}/\${device}/')`,
    );
    const q = await rows(t, "SELECT msg, region, hour FROM db.logs WHERE device = 'b2' AND hour >= 12 ORDER BY msg");
    expect(q.rows).toEqual([
      ['msg', 'region', 'hour'],
      ['eu-12-b2', 'eu', '12'],
      ['eu-18-b2', 'eu', '18'],
      ['us-12-b2', 'us', '12'],
      ['us-18-b2', 'us', '18'],
    ]);
    expect(q.scanned).toBe(4 * 'eu-12-b2\n'.length);
    expect(await failure(t, 'SELECT count(*) FROM db.logs')).toBe(
      'CONSTRAINT_VIOLATION: For the injected projected partition column device, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.',
    );
  });

  it('a misconfigured projection fails at query time with Athena’s message', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await ok(
      t,
      `CREATE EXTERNAL TABLE db.bad (n int) PARTITIONED BY (dt string, k string) LOCATION 's3://results/bad/'
       TBLPROPERTIES ('projection.enabled' = 'true', 'projection.dt.type' = 'date',
         'projection.dt.range' = '2024-01-01,2024-01-03', 'projection.dt.format' = 'yyyy-MM-dd')`,
    );
    expect(await failure(t, 'SELECT * FROM db.bad')).toBe(
      'INVALID_TABLE_PROPERTY: Table awsdatacatalog.db.bad is configured for partition projection, but the following partition columns are missing projection configuration: [k]',
    );
    await ok(
      t,
      `ALTER TABLE db.bad SET TBLPROPERTIES ('projection.k.type' = 'enum', 'projection.k.values' = 'x', 'storage.location.template' = 's3://results/bad/\${dt}/')`,
    );
    expect(await failure(t, 'SELECT * FROM db.bad')).toBe(
      "INVALID_TABLE_PROPERTY: The 'storage.location.template' table property must contain templates for all partition columns!",
    );
    await ok(
      t,
      `ALTER TABLE db.bad SET TBLPROPERTIES ('storage.location.template' = 's3://results/bad/\${dt}/\${k}/', 'projection.dt.range' = '01/01/2024,NOW')`,
    );
    expect(await failure(t, 'SELECT * FROM db.bad')).toMatch(
      /^INVALID_TABLE_PROPERTY: Column projection for column 'dt' failed\. Date range '01\/01\/2024,NOW' does not match the format 'yyyy-MM-dd'/,
    );
    await ok(t, "ALTER TABLE db.bad SET TBLPROPERTIES ('projection.dt.range' = 'NOW-2DAYS,NOW')");
    expect((await rows(t, 'SELECT count(*) FROM db.bad')).rows[1]).toEqual(['0']);
  });
});
