/**
 * The engine reuses a query's rewrite (its tables' partitions, files and schemas) while nothing it was built
 * from changes. The same query text run again must still see every change made in between: partitions
 * registered or dropped, objects written, overwritten or deleted, tables updated, in another bucket or in
 * the bucket the results are written to.
 */
import {
  BatchCreatePartitionCommand,
  DeletePartitionCommand,
  type PartitionInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runQuery, startAthenaTestLakebox } from '../support/athena.js';
import { parquetBytes } from '../support/engine.js';
import { column, createTable, FORMATS, select, upload } from './lake.js';

const COLUMNS = ['id bigint', 'amount double'];

function partition(dt: string, location = `s3://lake/sales/dt=${dt}/`): PartitionInput {
  return { Values: [dt], StorageDescriptor: { ...FORMATS.parquet, Columns: COLUMNS.map(column), Location: location } };
}

/** `rows` rows with ids from `from`, amount = id. */
function rows(from: number, count: number): Promise<Uint8Array> {
  return parquetBytes(`SELECT ${from} + r AS id, CAST(${from} + r AS DOUBLE) AS amount FROM range(${count}) t(r)`);
}

const PER_DAY = 'SELECT dt, count(*) AS n, sum(amount) AS total FROM sales GROUP BY dt ORDER BY dt';

describe('a repeated query sees what changed since its last run', () => {
  it('partitions registered and dropped, objects added, overwritten and deleted', async () => {
    await using t = await startAthenaTestLakebox();
    for (const [i, dt] of ['2024-01-01', '2024-01-02', '2024-01-03'].entries()) {
      await upload(t, `s3://lake/sales/dt=${dt}/part-0.parquet`, await rows(i * 100, 10));
    }
    await createTable(t, {
      database: 'lake',
      name: 'sales',
      columns: COLUMNS,
      partitionKeys: ['dt string'],
      location: 's3://lake/sales/',
      format: FORMATS.parquet,
    });
    const add = (...days: string[]) =>
      t.glue.send(
        new BatchCreatePartitionCommand({
          DatabaseName: 'lake',
          TableName: 'sales',
          PartitionInputList: days.map((d) => partition(d)),
        }),
      );
    await add('2024-01-01', '2024-01-02');

    const first = await select(t, PER_DAY, 'lake');
    expect(first.rows).toEqual([
      ['2024-01-01', '10', '45.0'],
      ['2024-01-02', '10', '1045.0'],
    ]);
    expect((await select(t, PER_DAY, 'lake')).rows).toEqual(first.rows);

    await add('2024-01-03');
    const withThird = await select(t, PER_DAY, 'lake');
    expect(withThird.rows).toEqual([...first.rows, ['2024-01-03', '10', '2045.0']]);

    // Overwritten in place: same key, other rows.
    await upload(t, 's3://lake/sales/dt=2024-01-02/part-0.parquet', await rows(500, 3));
    expect((await select(t, PER_DAY, 'lake')).rows).toEqual([
      ['2024-01-01', '10', '45.0'],
      ['2024-01-02', '3', '1503.0'],
      ['2024-01-03', '10', '2045.0'],
    ]);

    // A second file in a partition, then a file deleted.
    await upload(t, 's3://lake/sales/dt=2024-01-01/part-1.parquet', await rows(900, 1));
    expect((await select(t, PER_DAY, 'lake')).rows[0]).toEqual(['2024-01-01', '11', '945.0']);
    await t.s3.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'sales/dt=2024-01-01/part-0.parquet' }));
    expect((await select(t, PER_DAY, 'lake')).rows[0]).toEqual(['2024-01-01', '1', '900.0']);

    await t.glue.send(
      new DeletePartitionCommand({ DatabaseName: 'lake', TableName: 'sales', PartitionValues: ['2024-01-03'] }),
    );
    expect((await select(t, PER_DAY, 'lake')).rows.map((r) => r[0])).toEqual(['2024-01-01', '2024-01-02']);
  });

  it('a partition moved to another bucket, and results written to the data bucket', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/sales/dt=2024-01-01/part-0.parquet', await rows(0, 4));
    await upload(t, 's3://archive/2024-01-01/part-0.parquet', await rows(10, 2));
    await createTable(t, {
      database: 'lake',
      name: 'sales',
      columns: COLUMNS,
      partitionKeys: ['dt string'],
      location: 's3://lake/sales/',
      format: FORMATS.parquet,
    });
    await t.glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'lake',
        TableName: 'sales',
        PartitionInputList: [partition('2024-01-01', 's3://archive/2024-01-01/')],
      }),
    );
    const sql = 'SELECT count(*) AS n, sum(amount) AS total FROM sales';
    expect((await select(t, sql, 'lake')).rows).toEqual([['2', '21.0']]);
    await upload(t, 's3://archive/2024-01-01/part-1.parquet', await rows(20, 1));
    expect((await select(t, sql, 'lake')).rows).toEqual([['3', '41.0']]);

    // Results written to the bucket the table reads from bump that bucket's counter: still the same answers.
    for (let i = 0; i < 2; i++) {
      const q = await runQuery(t, {
        QueryString: sql,
        QueryExecutionContext: { Database: 'lake' },
        ResultConfiguration: { OutputLocation: 's3://archive/results/' },
      });
      expect(q.Status?.State).toBe('SUCCEEDED');
    }
    expect((await select(t, sql, 'lake')).rows).toEqual([['3', '41.0']]);
  });

  it('a table whose columns change, and files whose schemas differ', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/events/a.parquet', await parquetBytes('SELECT 1 AS id, 10 AS score'));
    await upload(t, 's3://lake/events/b.parquet', await parquetBytes('SELECT 2 AS id, 20 AS score'));
    await createTable(t, {
      database: 'lake',
      name: 'events',
      columns: ['id int', 'score int'],
      location: 's3://lake/events/',
      format: FORMATS.parquet,
    });
    const sql = 'SELECT * FROM events ORDER BY id';
    expect((await select(t, sql, 'lake')).rows).toEqual([
      ['1', '10'],
      ['2', '20'],
    ]);
    // The second file now holds its columns in another order and one more: read by name.
    await upload(t, 's3://lake/events/b.parquet', await parquetBytes("SELECT 'x' AS tag, 30 AS score, 3 AS id"));
    expect((await select(t, sql, 'lake')).rows).toEqual([
      ['1', '10'],
      ['3', '30'],
    ]);
    // And then without `score`: NULL there.
    await upload(t, 's3://lake/events/b.parquet', await parquetBytes('SELECT 4 AS id'));
    expect((await select(t, sql, 'lake')).rows).toEqual([
      ['1', '10'],
      ['4', null],
    ]);

    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'lake',
        TableInput: {
          Name: 'events',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: { ...FORMATS.parquet, Columns: ['id int'].map(column), Location: 's3://lake/events/' },
        },
      }),
    );
    const narrowed = await select(t, sql, 'lake');
    expect(narrowed.header).toEqual(['id']);
    expect(narrowed.rows).toEqual([['1'], ['4']]);
  });

  it('different queries over one table share its source, and each still sees what changed before it', async () => {
    await using t = await startAthenaTestLakebox();
    for (const [i, dt] of ['2024-01-01', '2024-01-02', '2024-01-03'].entries()) {
      await upload(t, `s3://lake/sales/dt=${dt}/part-0.parquet`, await rows(i * 100, 10));
    }
    await createTable(t, {
      database: 'lake',
      name: 'sales',
      columns: COLUMNS,
      partitionKeys: ['dt string'],
      location: 's3://lake/sales/',
      format: FORMATS.parquet,
    });
    await t.glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'lake',
        TableName: 'sales',
        PartitionInputList: ['2024-01-01', '2024-01-02'].map((d) => partition(d)),
      }),
    );
    // Every query text below is new: none reuses a whole rewrite, each may reuse the table's source.
    let n = 0;
    const count = async (where = '') =>
      (await select(t, `SELECT count(*) AS n${n++} FROM sales ${where}`, 'lake')).rows[0]?.[0];
    expect(await count()).toBe('20');
    expect(await count()).toBe('20');
    expect(await count("WHERE dt = '2024-01-02'")).toBe('10');
    expect(await count("WHERE dt <> '2024-01-02'")).toBe('10');

    await t.glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'lake',
        TableName: 'sales',
        PartitionInputList: [partition('2024-01-03')],
      }),
    );
    expect(await count()).toBe('30');
    expect(await count("WHERE dt <> '2024-01-02'")).toBe('20');

    await upload(t, 's3://lake/sales/dt=2024-01-02/part-1.parquet', await rows(900, 5));
    expect(await count()).toBe('35');
    expect(await count("WHERE dt = '2024-01-02'")).toBe('15');

    await t.s3.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'sales/dt=2024-01-01/part-0.parquet' }));
    expect(await count()).toBe('25');
    expect(await count("WHERE dt <> '2024-01-02'")).toBe('10');

    await t.glue.send(
      new DeletePartitionCommand({ DatabaseName: 'lake', TableName: 'sales', PartitionValues: ['2024-01-03'] }),
    );
    expect(await count()).toBe('15');

    // The table's columns change: a new query reads the new ones.
    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'lake',
        TableInput: {
          Name: 'sales',
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: [column('dt string')],
          StorageDescriptor: { ...FORMATS.parquet, Columns: ['id bigint'].map(column), Location: 's3://lake/sales/' },
        },
      }),
    );
    const narrowed = await select(t, 'SELECT * FROM sales ORDER BY id LIMIT 1', 'lake');
    expect(narrowed.header).toEqual(['id', 'dt']);
    expect(narrowed.rows).toEqual([['100', '2024-01-02']]);
  });
});
