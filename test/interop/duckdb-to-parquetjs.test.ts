/**
 * Parquet written by DuckDB (the only Parquet writer lakebox has: its engine is DuckDB; no SQL path
 * writes Parquet yet, so the test writes it with `COPY ... TO` from @duckdb/node-api) is queried through
 * lakebox, downloaded back with S3 GetObject byte for byte, and read by parquetjs-lite, an independent
 * implementation: both readers must see the same values.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { ParquetReader, type ParquetRecord } from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { columnTypes, createTable, FORMATS, select, upload } from '../athena-e2e/lake.js';
import { startAthenaTestLakebox } from '../support/athena.js';

const ROWS = 2500;

/** Every supported type, NULLs in the optional columns, repeated strings (dictionary pages) and extremes. */
const SELECT = `
  SELECT
    'name-' || (i % 7) AS name,
    CAST(i - 1250 AS INTEGER) AS n32,
    CASE i WHEN 0 THEN 9223372036854775807 WHEN 1 THEN -9223372036854775807 ELSE i * 1000000007 END AS n64,
    CAST(i / 4 - 100 AS DOUBLE) AS d,
    i % 3 = 0 AS flag,
    CAST(TIMESTAMP '2024-01-02 03:04:05.123' + to_seconds(i * 3601) AS TIMESTAMP) AS ts,
    CAST(DATE '1969-12-01' + CAST(i AS INTEGER) AS DATE) AS day,
    CASE WHEN i % 4 = 0 THEN NULL ELSE 'note ' || i || ', "q"' END AS note,
    CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i * 0.5 AS DOUBLE) END AS score,
    CASE WHEN i % 6 = 0 THEN NULL ELSE CAST(i % 100 AS INTEGER) END AS qty
  FROM range(${ROWS}) t(i)`;

const COLUMNS = [
  'name string',
  'n32 int',
  'n64 bigint',
  'd double',
  'flag boolean',
  'ts timestamp',
  'day date',
  'note string',
  'score double',
  'qty int',
];
const NAMES = COLUMNS.map((c) => c.split(' ')[0] ?? '');

/** Parquet bytes written by a DuckDB of its own (not lakebox's engine). */
async function duckdbParquet(select: string, options: string): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const file = join(dir, 'f.parquet');
    await conn.run(`COPY (${select}) TO '${file}' (FORMAT PARQUET, ${options})`);
    return new Uint8Array(readFileSync(file));
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function parquetjsRecords(bytes: Uint8Array): Promise<ParquetRecord[]> {
  const reader = await ParquetReader.openBuffer(Buffer.from(bytes));
  try {
    const cursor = reader.getCursor();
    const out: ParquetRecord[] = [];
    for (let r = await cursor.next(); r; r = await cursor.next()) out.push(r);
    return out;
  } finally {
    await reader.close();
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Java's Double.toString, as Trino renders a double (for the magnitudes this data set holds). */
function javaDouble(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) throw new Error(`no scientific notation in this data set: ${x}`);
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** A parquetjs-lite record as Athena's text for the columns (NULL as null). */
function athenaText(record: ParquetRecord): (string | null)[] {
  return NAMES.map((name) => {
    const v = record[name];
    if (v === undefined || v === null) return null;
    if (v instanceof Date) {
      if (name === 'day') return isoDate(v);
      const time = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
      return `${isoDate(v)} ${time}.${pad(v.getUTCMilliseconds(), 3)}`;
    }
    if (typeof v === 'number' && (name === 'd' || name === 'score')) return javaDouble(v);
    return String(v);
  });
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('Parquet written by DuckDB, through lakebox, read by parquetjs-lite', () => {
  it.each([
    ['snappy (DuckDB default), small row groups', 'COMPRESSION snappy, ROW_GROUP_SIZE 1000'],
    ['gzip', 'COMPRESSION gzip'],
    ['uncompressed', 'COMPRESSION uncompressed'],
  ])('%s: query, download byte for byte, same values in both readers', async (_, options) => {
    const bytes = await duckdbParquet(SELECT, options);
    await using t = await startAthenaTestLakebox();
    const etag = await upload(t, 's3://lake/duck/_SUCCESS', new Uint8Array(0));
    expect(etag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    expect(await upload(t, 's3://lake/duck/part-0.parquet', bytes)).toBe(`"${md5(bytes)}"`);
    await createTable(t, {
      database: 'interop',
      name: 'duck',
      columns: COLUMNS,
      location: 's3://lake/duck/',
      format: FORMATS.parquet,
    });

    // Through lakebox (the engine reads the object's file in place).
    const answer = await select(t, `SELECT ${NAMES.join(', ')} FROM duck ORDER BY n32`, 'interop');
    expect(columnTypes(answer.columns)).toEqual({
      name: 'varchar',
      n32: 'integer',
      n64: 'bigint',
      d: 'double',
      flag: 'boolean',
      ts: 'timestamp',
      day: 'date',
      note: 'varchar',
      score: 'double',
      qty: 'integer',
    });
    expect(answer.rows).toHaveLength(ROWS);
    expect(answer.execution.Statistics?.DataScannedInBytes).toBe(bytes.length);

    // Back out through S3: the very bytes DuckDB wrote.
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'duck/part-0.parquet' }));
    expect(head.ContentLength).toBe(bytes.length);
    const got = await t.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'duck/part-0.parquet' }));
    const downloaded = await got.Body?.transformToByteArray();
    expect(downloaded).toBeDefined();
    expect(md5(downloaded ?? new Uint8Array())).toBe(md5(bytes));
    expect(got.ETag).toBe(`"${md5(bytes)}"`);
    expect(Buffer.compare(Buffer.from(downloaded ?? []), Buffer.from(bytes))).toBe(0);

    // parquetjs-lite reads the downloaded file; its values are what lakebox answered.
    const records = await parquetjsRecords(downloaded ?? new Uint8Array());
    expect(records).toHaveLength(ROWS);
    const fromParquetjs = records.map(athenaText).sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(fromParquetjs).toEqual(answer.rows);

    // Spot checks against the SELECT itself, so neither reader can agree with the other on a wrong value.
    expect(answer.rows[0]).toEqual([
      'name-0',
      '-1250',
      '9223372036854775807',
      '-100.0',
      'true',
      '2024-01-02 03:04:05.123',
      '1969-12-01',
      null,
      null,
      null,
    ]);
    expect(answer.rows[1]).toEqual([
      'name-1',
      '-1249',
      '-9223372036854775807',
      '-99.75',
      'false',
      '2024-01-02 04:04:06.123',
      '1969-12-02',
      'note 1, "q"',
      '0.5',
      '1',
    ]);
    expect(answer.rows[ROWS - 1]).toEqual([
      `name-${(ROWS - 1) % 7}`,
      String(ROWS - 1 - 1250),
      String((ROWS - 1) * 1000000007),
      javaDouble((ROWS - 1) / 4 - 100),
      String((ROWS - 1) % 3 === 0),
      athenaText({ ts: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123) + (ROWS - 1) * 3601_000) })[5] ?? '',
      athenaText({ day: new Date(Date.UTC(1969, 11, 1) + (ROWS - 1) * 86_400_000) })[6] ?? '',
      `note ${ROWS - 1}, "q"`,
      javaDouble((ROWS - 1) * 0.5),
      String((ROWS - 1) % 100),
    ]);
  });
});
