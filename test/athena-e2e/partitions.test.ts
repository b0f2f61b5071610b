/**
 * A partitioned Parquet table as a data lake holds it: only partitions registered in Glue are visible, a
 * folder uploaded but not registered is not, and a query on one partition scans only its files.
 */
import { BatchCreatePartitionCommand, type PartitionInput } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { type AthenaTestLakebox, startAthenaTestLakebox } from '../support/athena.js';
import { parquetBytes } from '../support/engine.js';
import { column, columnTypes, createTable, FORMATS, select, upload } from './lake.js';

const COLUMNS = ['id bigint', 'item string', 'amount double'];

/** Partition day → where its files live (the third one outside the `dt=` layout) and its row count. */
const DAYS = [
  { dt: '2024-01-01', location: 's3://lake/sales/dt=2024-01-01/', rows: 10 },
  { dt: '2024-01-02', location: 's3://lake/sales/dt=2024-01-02/', rows: 200 },
  { dt: '2024-01-03', location: 's3://lake/archive/2024/01/03/', rows: 30 },
  { dt: '2024-01-04', location: 's3://lake/sales/dt=2024-01-04/', rows: 4 },
] as const;

function partition(day: (typeof DAYS)[number]): PartitionInput {
  return {
    Values: [day.dt],
    StorageDescriptor: { ...FORMATS.parquet, Columns: COLUMNS.map(column), Location: day.location },
  };
}

interface Lake {
  t: AthenaTestLakebox;
  /** Bytes of each day's data file. */
  sizes: number[];
}

/** Four folders of Parquet uploaded; the table and its first three partitions registered. */
async function partitionedLake(): Promise<Lake> {
  const t = await startAthenaTestLakebox();
  const sizes: number[] = [];
  for (const [i, day] of DAYS.entries()) {
    const bytes = await parquetBytes(
      `SELECT ${i * 1000} + r AS id, 'item-' || (r % 3) AS item, CAST(r AS DOUBLE) / 2 AS amount FROM range(${day.rows}) t(r)`,
    );
    sizes.push(bytes.length);
    await upload(t, `${day.location}part-00000.parquet`, bytes);
    // Not data: if read as Parquet these would fail the query.
    await upload(t, `${day.location}_SUCCESS`, 'not parquet');
    await upload(t, `${day.location}.part-00000.parquet.crc`, 'not parquet either');
    await upload(t, `${day.location}_committed_123`, '{"added":[]}');
  }
  await createTable(t, {
    database: 'lake',
    name: 'sales',
    columns: COLUMNS,
    partitionKeys: ['dt string'],
    location: 's3://lake/sales/',
    format: FORMATS.parquet,
    parameters: { classification: 'parquet' },
  });
  const out = await t.glue.send(
    new BatchCreatePartitionCommand({
      DatabaseName: 'lake',
      TableName: 'sales',
      PartitionInputList: DAYS.slice(0, 3).map(partition),
    }),
  );
  expect(out.Errors ?? []).toEqual([]);
  return { t, sizes };
}

const PER_DAY = 'SELECT dt, count(*) AS n, sum(amount) AS total FROM sales GROUP BY dt ORDER BY dt';

describe('partitioned Parquet through S3, Glue and Athena', () => {
  it('sees registered partitions only; a folder appears once BatchCreatePartition registers it', async () => {
    const { t } = await partitionedLake();
    await using _ = t;

    const before = await select(t, PER_DAY, 'lake');
    expect(columnTypes(before.columns)).toEqual({ dt: 'varchar', n: 'bigint', total: 'double' });
    expect(before.rows).toEqual([
      ['2024-01-01', '10', '22.5'],
      ['2024-01-02', '200', '9950.0'],
      ['2024-01-03', '30', '217.5'],
    ]);
    const hidden = await select(t, "SELECT count(*) AS n FROM sales WHERE dt = '2024-01-04'", 'lake');
    expect(hidden.rows).toEqual([['0']]);
    expect(hidden.execution.Statistics?.DataScannedInBytes).toBe(0);

    const out = await t.glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'lake',
        TableName: 'sales',
        PartitionInputList: [partition(DAYS[3])],
      }),
    );
    expect(out.Errors ?? []).toEqual([]);

    const after = await select(t, PER_DAY, 'lake');
    expect(after.rows).toEqual([...before.rows, ['2024-01-04', '4', '3.0']]);
    const rows = await select(t, "SELECT id, item, amount, dt FROM lake.sales WHERE dt = '2024-01-04' ORDER BY id");
    expect(rows.rows).toEqual([
      ['3000', 'item-0', '0.0', '2024-01-04'],
      ['3001', 'item-1', '0.5', '2024-01-04'],
      ['3002', 'item-2', '1.0', '2024-01-04'],
      ['3003', 'item-0', '1.5', '2024-01-04'],
    ]);
  });

  it('a query on one partition scans only its files (DataScannedInBytes)', async () => {
    const { t, sizes } = await partitionedLake();
    await using _ = t;

    const all = await select(t, 'SELECT count(*) AS n FROM sales', 'lake');
    expect(all.rows).toEqual([['240']]);
    const one = await select(t, "SELECT count(*) AS n FROM sales WHERE dt = '2024-01-01'", 'lake');
    expect(one.rows).toEqual([['10']]);
    const archived = await select(t, "SELECT min(id) AS lo, max(id) AS hi FROM sales WHERE dt = '2024-01-03'", 'lake');
    expect(archived.rows).toEqual([['2000', '2029']]);

    const scanned = (a: { execution: { Statistics?: { DataScannedInBytes?: number } } }) =>
      a.execution.Statistics?.DataScannedInBytes ?? -1;
    // Only data files count: the registered partitions' Parquet files, none of the `_`/`.` files beside them.
    expect(scanned(all)).toBe((sizes[0] ?? 0) + (sizes[1] ?? 0) + (sizes[2] ?? 0));
    expect(scanned(one)).toBe(sizes[0]);
    expect(scanned(one)).toBeLessThan(scanned(all));
    expect(scanned(archived)).toBe(sizes[2]);

    const range = await select(t, "SELECT count(*) AS n FROM sales WHERE dt >= '2024-01-02' AND amount >= 0", 'lake');
    expect(range.rows).toEqual([['230']]);
    expect(scanned(range)).toBe((sizes[1] ?? 0) + (sizes[2] ?? 0));
    const none = await select(t, "SELECT count(*) AS n FROM sales WHERE dt IN ('2023-12-31', '2024-01-04')", 'lake');
    expect(none.rows).toEqual([['0']]);
    expect(scanned(none)).toBe(0);
  });
});
