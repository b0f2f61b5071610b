/**
 * Parquet written by parquetjs-lite (a pure-JS implementation, independent of DuckDB) is queryable through
 * lakebox, as a user would do it: PutObject, Glue CreateTable with ParquetHiveSerDe, Athena SELECT.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParquetRecord, ParquetSchema, ParquetWriter } from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { columnTypes, createTable, FORMATS, fails, select, upload } from '../athena-e2e/lake.js';
import { type AthenaTestLakebox, startAthenaTestLakebox } from '../support/athena.js';

const SCHEMA = new ParquetSchema({
  name: { type: 'UTF8' },
  n32: { type: 'INT32' },
  n64: { type: 'INT64' },
  d: { type: 'DOUBLE' },
  flag: { type: 'BOOLEAN' },
  ts: { type: 'TIMESTAMP_MILLIS' },
  day: { type: 'DATE' },
  note: { type: 'UTF8', optional: true },
  score: { type: 'DOUBLE', optional: true },
  qty: { type: 'INT32', optional: true },
});

const utc = (iso: string) => new Date(`${iso}Z`);

const RECORDS: ParquetRecord[] = [
  {
    name: 'alpha',
    n32: 2147483647,
    n64: 9007199254740991,
    d: 1.5,
    flag: true,
    ts: utc('2024-01-02T03:04:05.123'),
    day: utc('2024-02-29T00:00:00'),
    note: 'first, with a comma',
    score: 0.1,
    qty: 7,
  },
  {
    name: 'βeta ünïcode ✓',
    n32: -2147483648,
    n64: -9007199254740991,
    d: -0.25,
    flag: false,
    ts: utc('1969-07-20T20:17:40.000'),
    day: utc('1969-12-31T00:00:00'),
    note: null,
    score: null,
    qty: null,
  },
  {
    name: 'gamma "quoted"',
    n32: 0,
    n64: 0,
    d: 3,
    flag: true,
    ts: utc('2038-01-19T03:14:07.999'),
    day: utc('1970-01-01T00:00:00'),
    note: '',
    score: 12345.678,
    qty: 0,
  },
];

/** The rows Athena answers for RECORDS ordered by n32 descending, in its text rendering (NULL as null). */
const EXPECTED = [
  [
    'alpha',
    '2147483647',
    '9007199254740991',
    '1.5',
    'true',
    '2024-01-02 03:04:05.123',
    '2024-02-29',
    'first, with a comma',
    '0.1',
    '7',
  ],
  ['gamma "quoted"', '0', '0', '3.0', 'true', '2038-01-19 03:14:07.999', '1970-01-01', '', '12345.678', '0'],
  [
    'βeta ünïcode ✓',
    '-2147483648',
    '-9007199254740991',
    '-0.25',
    'false',
    '1969-07-20 20:17:40.000',
    '1969-12-31',
    null,
    null,
    null,
  ],
];

async function parquetjsFile(
  records: readonly ParquetRecord[],
  schema: ParquetSchema = SCHEMA,
  options: Record<string, unknown> = {},
): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-parquetjs-'));
  try {
    const file = join(dir, 'data.parquet');
    const writer = await ParquetWriter.openFile(schema, file, options);
    for (const r of records) await writer.appendRow(r);
    await writer.close();
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Parquet written by parquetjs-lite, queried through lakebox', () => {
  it('reads every type and NULL with the declared Athena types', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/pjs/part-00000.parquet', await parquetjsFile(RECORDS));
    await createTable(t, {
      database: 'interop',
      name: 'pjs',
      columns: [
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
      ],
      location: 's3://lake/pjs/',
      format: FORMATS.parquet,
    });

    const answer = await select(
      t,
      'SELECT name, n32, n64, d, flag, ts, day, note, score, qty FROM pjs ORDER BY n32 DESC',
      'interop',
    );
    expect(answer.header).toEqual(['name', 'n32', 'n64', 'd', 'flag', 'ts', 'day', 'note', 'score', 'qty']);
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
    for (const c of answer.columns) expect(c.Nullable, c.Name).toBe('UNKNOWN');
    expect(answer.rows).toEqual(EXPECTED);
  });

  it('values survive SQL over the files: filters, aggregates, several files in one folder', async () => {
    await using t = await lakeWithTwoFiles();
    const answer = await select(
      t,
      `SELECT count(*) AS n, count(note) AS notes, sum(qty) AS qty, max(n64) AS big,
              min(day) AS first_day, max(ts) AS last_ts,
              count_if(ts < TIMESTAMP '1970-01-01 00:00:00') AS before_epoch
         FROM interop.pjs WHERE name <> 'nobody'`,
    );
    expect(columnTypes(answer.columns)).toMatchObject({
      n: 'bigint',
      notes: 'bigint',
      big: 'bigint',
      first_day: 'date',
      last_ts: 'timestamp',
    });
    expect(answer.rows).toEqual([['4', '3', '14', '9007199254740991', '1969-12-31', '2038-01-19 03:14:07.999', '1']]);
  });

  it('maps columns by name, case-insensitively: order, V2 data pages, compression and missing columns', async () => {
    await using t = await startAthenaTestLakebox();
    const schema = new ParquetSchema({
      UserName: { type: 'UTF8', compression: 'GZIP' },
      Visits: { type: 'INT64', compression: 'SNAPPY' },
      SeenAt: { type: 'TIMESTAMP_MICROS', optional: true },
      Unused: { type: 'DOUBLE' },
    });
    const records = [
      { UserName: 'ann', Visits: 3, SeenAt: utc('2024-05-06T07:08:09.010'), Unused: 1 },
      { UserName: 'bob', Visits: 0, SeenAt: null, Unused: 2 },
    ];
    await upload(t, 's3://lake/users/v1.parquet', await parquetjsFile(records.slice(0, 1), schema));
    await upload(
      t,
      's3://lake/users/v2.parquet',
      await parquetjsFile(records.slice(1), schema, { useDataPageV2: true }),
    );
    await createTable(t, {
      database: 'interop',
      name: 'users',
      columns: ['seenat timestamp', 'country string', 'username string', 'visits bigint'],
      location: 's3://lake/users/',
      format: FORMATS.parquet,
    });
    const answer = await select(t, 'SELECT * FROM interop.users ORDER BY username');
    expect(answer.header).toEqual(['seenat', 'country', 'username', 'visits']);
    expect(columnTypes(answer.columns)).toEqual({
      seenat: 'timestamp',
      country: 'varchar',
      username: 'varchar',
      visits: 'bigint',
    });
    expect(answer.rows).toEqual([
      ['2024-05-06 07:08:09.010', null, 'ann', '3'],
      [null, null, 'bob', '0'],
    ]);
  });

  it('a Parquet column that cannot be read as the declared type FAILS with HIVE_BAD_DATA', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/pjs/a.parquet', await parquetjsFile(RECORDS));
    for (const [name, column] of [
      ['narrow', 'n64 int'],
      ['text_as_number', 'name bigint'],
      ['number_as_text', 'n32 string'],
    ] as const) {
      await createTable(t, {
        database: 'interop',
        name,
        columns: [column],
        location: 's3://lake/pjs/',
        format: FORMATS.parquet,
      });
      const failed = await fails(t, `SELECT * FROM ${name}`, 'interop');
      expect(failed.Status?.StateChangeReason, name).toMatch(/^HIVE_BAD_DATA: /);
      expect(failed.Status?.AthenaError, name).toMatchObject({ ErrorCategory: 2, ErrorType: 1001 });
    }
  });

  // DuckDB's sum() over integers and count_if() return HUGEINT; Trino types both bigint.
  it('sum() of integers and count_if() are bigint, as in Trino', async () => {
    await using t = await lakeWithTwoFiles();
    const answer = await select(t, 'SELECT sum(qty) AS qty, count_if(flag) AS flags FROM interop.pjs');
    expect(columnTypes(answer.columns)).toEqual({ qty: 'bigint', flags: 'bigint' });
    expect(answer.rows).toEqual([['14', '3']]);
  });
});

/** RECORDS and RECORDS[0] again, as two files of one table folder `interop.pjs`. */
async function lakeWithTwoFiles(): Promise<AthenaTestLakebox> {
  const t = await startAthenaTestLakebox();
  await upload(t, 's3://lake/pjs/a.parquet', await parquetjsFile(RECORDS));
  await upload(t, 's3://lake/pjs/b.parquet', await parquetjsFile(RECORDS.slice(0, 1)));
  await createTable(t, {
    database: 'interop',
    name: 'pjs',
    columns: ['name string', 'n64 bigint', 'flag boolean', 'ts timestamp', 'day date', 'note string', 'qty int'],
    location: 's3://lake/pjs',
    format: FORMATS.parquet,
  });
  return t;
}
