/**
 * Text tables with thousands of registered partitions: every partition's files are read in one scan per
 * format, and each row gets its partition's values from the catalog, wherever the partition's location is
 * (not from its folder names). Such a query must finish (no timing asserted: it once planned for minutes).
 */
import { BatchCreatePartitionCommand, type PartitionInput, type StorageDescriptor } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import type { AthenaTestLakebox } from '../support/athena.js';
import { startAthenaTestLakebox } from '../support/athena.js';
import { column, createTable, FORMATS, select, upload } from './lake.js';

const COLUMNS = ['id bigint', 'amount double'];
const KEYS = ['day string', 'bucket int'];
const ROWS_PER_FILE = 3;

interface Part {
  day: string | null;
  bucket: number;
  location: string;
}

/** Partition i: a day from 2020-01-01, bucket i % 7; every tenth lies elsewhere, some under a misleading folder. */
function parts(count: number, table: string): Part[] {
  const start = Date.UTC(2020, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const location =
      i % 10 === 0
        ? `s3://lake/elsewhere/${table}/${i}/`
        : i % 10 === 5
          ? `s3://lake/${table}/day=1999-01-01/bucket=${i}/`
          : `s3://lake/${table}/day=${day}/bucket=${i % 7}/`;
    // The last partition holds Hive's default partition (NULL) for day.
    return { day: i === count - 1 ? null : day, bucket: i % 7, location };
  });
}

/** Upload one file per partition (rows id = i * 10 + r, amount = r + 0.5) and register every partition. */
async function partitionedTable(
  t: AthenaTestLakebox,
  table: string,
  format: StorageDescriptor,
  count: number,
  file: (i: number) => { name: string; body: string },
): Promise<Part[]> {
  const all = parts(count, table);
  await createTable(t, {
    database: 'lake',
    name: table,
    columns: COLUMNS,
    partitionKeys: KEYS,
    location: `s3://lake/${table}/`,
    format,
  });
  const work = all.map((p, i) => async () => {
    const f = file(i);
    await upload(t, `${p.location}${f.name}`, f.body);
  });
  await upload(t, `s3://lake/${table}/_SUCCESS`, 'not data');
  const workers = Array.from({ length: 8 }, async () => {
    for (let job = work.shift(); job; job = work.shift()) await job();
  });
  await Promise.all(workers);
  for (let at = 0; at < all.length; at += 100) {
    const input: PartitionInput[] = all.slice(at, at + 100).map((p) => ({
      Values: [p.day ?? '__HIVE_DEFAULT_PARTITION__', String(p.bucket)],
      StorageDescriptor: { ...format, Columns: COLUMNS.map(column), Location: p.location },
    }));
    const out = await t.glue.send(
      new BatchCreatePartitionCommand({ DatabaseName: 'lake', TableName: table, PartitionInputList: input }),
    );
    expect(out.Errors ?? []).toEqual([]);
  }
  return all;
}

function rowsOf(i: number): Array<{ id: number; amount: number }> {
  return Array.from({ length: ROWS_PER_FILE }, (_, r) => ({ id: i * 10 + r, amount: r + 0.5 }));
}

/** What every table of this file must answer, whatever its format. */
async function checkTable(t: AthenaTestLakebox, table: string, all: readonly Part[]): Promise<void> {
  const n = all.length;
  const ids = Array.from({ length: n }, (_, i) => rowsOf(i).reduce((s, r) => s + r.id, 0)).reduce((a, b) => a + b, 0);
  const totals = await select(
    t,
    `SELECT count(*) AS n, sum(id) AS ids, count(DISTINCT day) AS days, count(*) FILTER (WHERE day IS NULL) AS nulls FROM ${table}`,
    'lake',
  );
  expect(totals.rows).toEqual([[String(n * ROWS_PER_FILE), String(ids), String(n - 1), String(ROWS_PER_FILE)]]);

  // Each row carries its own partition's values: the day and bucket registered for the file it came from.
  const mismatched = await select(
    t,
    `SELECT count(*) AS n FROM ${table} WHERE bucket <> (id / 10) % 7 OR day <> CAST(date_add('day', id / 10, DATE '2020-01-01') AS varchar)`,
    'lake',
  );
  expect(mismatched.rows).toEqual([['0']]);

  const perBucket = await select(
    t,
    `SELECT bucket, count(*) AS n FROM ${table} GROUP BY bucket ORDER BY bucket`,
    'lake',
  );
  const expected = Array.from({ length: 7 }, (_, b) => [
    String(b),
    String(all.filter((p) => p.bucket === b).length * ROWS_PER_FILE),
  ]);
  expect(perBucket.rows).toEqual(expected);

  // Partitions under a folder whose name says something else (`day=1999-01-01/bucket=15/`) keep their values.
  const moved = await select(
    t,
    `SELECT day, bucket, min(id) AS lo, "$path" AS path FROM ${table} WHERE day = '2020-01-16' GROUP BY day, bucket, "$path"`,
    'lake',
  );
  const path = moved.rows[0]?.[3] ?? '';
  expect(moved.rows).toEqual([['2020-01-16', '1', '150', path]]);
  expect(path).toMatch(new RegExp(`^s3://lake/${table}/day=1999-01-01/bucket=15/part-15\\.(csv|json)$`));
}

describe('text tables with thousands of partitions', () => {
  it('a CSV table of 2,000 partitions reads every partition with its catalog values', {
    timeout: 180_000,
  }, async () => {
    await using t = await startAthenaTestLakebox();
    const all = await partitionedTable(t, 'csv_days', FORMATS.csv(','), 2000, (i) => ({
      name: `part-${i}.csv`,
      body: rowsOf(i)
        .map((r) => `${r.id},${r.amount}`)
        .join('\n'),
    }));
    await checkTable(t, 'csv_days', all);
    const one = await select(
      t,
      "SELECT id, amount, day, bucket FROM csv_days WHERE day = '2020-01-02' ORDER BY id",
      'lake',
    );
    expect(one.rows).toEqual([
      ['10', '0.5', '2020-01-02', '1'],
      ['11', '1.5', '2020-01-02', '1'],
      ['12', '2.5', '2020-01-02', '1'],
    ]);
  });

  it('a JSON table of 500 partitions reads every partition with its catalog values', { timeout: 120_000 }, async () => {
    await using t = await startAthenaTestLakebox();
    const all = await partitionedTable(t, 'json_days', FORMATS.json, 500, (i) => ({
      name: `part-${i}.json`,
      body: rowsOf(i)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    }));
    await checkTable(t, 'json_days', all);
  });
});
