/**
 * CTAS and INSERT INTO write real files (Parquet by default), move them in as S3 objects, and register the
 * table and its partitions in Glue: checked through Glue, a query, S3 and an independent Parquet reader.
 */

import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ParquetReader, type ParquetRecord } from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { upload } from '../athena-e2e/lake.js';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';

type T = Awaited<ReturnType<typeof startAthenaTestLakebox>>;

async function ok(t: T, sql: string, database?: string) {
  const q = await runQuery(t, {
    QueryString: sql,
    ...(database ? { QueryExecutionContext: { Database: database } } : {}),
  });
  if (q.Status?.State !== 'SUCCEEDED') throw new Error(`${sql}\n→ ${q.Status?.State}: ${q.Status?.StateChangeReason}`);
  return q;
}

async function failure(t: T, sql: string): Promise<string> {
  const q = await runQuery(t, { QueryString: sql });
  expect(q.Status?.State).toBe('FAILED');
  return q.Status?.StateChangeReason ?? '';
}

async function rows(t: T, sql: string): Promise<(string | null)[][]> {
  const q = await ok(t, sql);
  return (await allRows(t.athena, q.QueryExecutionId ?? '')).rows.map(values);
}

async function keys(t: T, bucket: string, prefix: string): Promise<string[]> {
  const out = await t.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

async function parquetRows(t: T, bucket: string, key: string): Promise<ParquetRecord[]> {
  const out = await t.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await (out.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
  const reader = await ParquetReader.openBuffer(bytes);
  const cursor = reader.getCursor();
  const records: ParquetRecord[] = [];
  for (let r = await cursor.next(); r; r = await cursor.next()) records.push(r);
  await reader.close();
  return records;
}

async function sourceTable(t: T): Promise<void> {
  await ok(t, 'CREATE DATABASE db');
  await upload(
    t,
    's3://lake/src/a.csv',
    '1,red,2024-01-01,1.5\n2,blue,2024-01-01,2.5\n3,red,2024-01-02,4\n4,green,2024-01-03,8\n',
  );
  await ok(
    t,
    "CREATE EXTERNAL TABLE db.src (id int, color string, day date, amount double) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/src/'",
  );
}

describe('CTAS', () => {
  it('writes partitioned Parquet, registers table and partitions, and the files read back with parquetjs-lite', async () => {
    await using t = await startAthenaTestLakebox();
    await sourceTable(t);
    const q = await ok(
      t,
      `CREATE TABLE db.by_color WITH (format = 'PARQUET', external_location = 's3://lake/by_color/',
         partitioned_by = ARRAY['color'], write_compression = 'SNAPPY')
       AS SELECT id, amount * 2 AS doubled, day, color FROM db.src`,
    );
    expect(q.StatementType).toBe('DML');
    const results = await t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    expect(results.UpdateCount).toBe(4);

    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'by_color' }));
    expect(Table).toMatchObject({
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', 'parquet.compression': 'SNAPPY' },
      PartitionKeys: [{ Name: 'color', Type: 'string' }],
      StorageDescriptor: {
        Location: 's3://lake/by_color/',
        Columns: [
          { Name: 'id', Type: 'int' },
          { Name: 'doubled', Type: 'double' },
          { Name: 'day', Type: 'date' },
        ],
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      },
    });
    const parts = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'by_color' }));
    expect(parts.Partitions?.map((p) => [p.Values?.[0], p.StorageDescriptor?.Location]).sort()).toEqual([
      ['blue', 's3://lake/by_color/color=blue'],
      ['green', 's3://lake/by_color/color=green'],
      ['red', 's3://lake/by_color/color=red'],
    ]);
    expect(await rows(t, 'SELECT id, doubled, day, color FROM db.by_color ORDER BY id')).toEqual([
      ['id', 'doubled', 'day', 'color'],
      ['1', '3.0', '2024-01-01', 'red'],
      ['2', '5.0', '2024-01-01', 'blue'],
      ['3', '8.0', '2024-01-02', 'red'],
      ['4', '16.0', '2024-01-03', 'green'],
    ]);
    const files = await keys(t, 'lake', 'by_color/');
    expect(files.length).toBe(3);
    expect(files.every((k) => /^by_color\/color=(red|blue|green)\/[^/]+\.parquet$/.test(k))).toBe(true);
    const red = files.find((k) => k.includes('color=red/')) ?? '';
    const records = await parquetRows(t, 'lake', red);
    expect(records.map((r) => [r['id'], r['doubled']])).toEqual([
      [1, 3],
      [3, 8],
    ]);
    // The partition column lives in the folder name, not in the file.
    expect(Object.keys(records[0] ?? {}).sort()).toEqual(['day', 'doubled', 'id']);

    // Never overwrites: the table exists, then the location holds data.
    expect(await failure(t, 'CREATE TABLE db.by_color AS SELECT 1 AS x')).toMatch(
      /^TABLE_ALREADY_EXISTS: .*already exists/,
    );
    await ok(t, 'CREATE TABLE IF NOT EXISTS db.by_color AS SELECT 1 AS x');
    expect(
      await failure(t, "CREATE TABLE db.again WITH (external_location = 's3://lake/by_color/') AS SELECT 1 AS x"),
    ).toBe("HIVE_PATH_ALREADY_EXISTS: Target directory for table 'db.again' already exists: s3://lake/by_color/");
  });

  it('without external_location writes under <output>tables/<query id>/', async () => {
    await using t = await startAthenaTestLakebox();
    await sourceTable(t);
    const q = await ok(t, 'CREATE TABLE db.copy AS SELECT id, color FROM db.src WHERE id <= 2');
    const id = q.QueryExecutionId ?? '';
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'copy' }));
    expect(Table?.StorageDescriptor?.Location).toBe(`s3://results/out/tables/${id}`);
    const files = await keys(t, 'results', `out/tables/${id}/`);
    expect(files.length).toBe(1);
    expect((await parquetRows(t, 'results', files[0] ?? '')).map((r) => r['color'])).toEqual(['red', 'blue']);
    expect(await rows(t, 'SELECT count(*) FROM db.copy')).toEqual([['_col0'], ['2']]);
  });

  it('TEXTFILE and JSON formats, WITH NO DATA, and Athena errors for partition order and the 100-partition limit', async () => {
    await using t = await startAthenaTestLakebox();
    await sourceTable(t);
    await ok(
      t,
      "CREATE TABLE db.txt WITH (format = 'TEXTFILE', field_delimiter = '|') AS SELECT id, color FROM db.src",
    );
    await ok(t, "CREATE TABLE db.js WITH (format = 'JSON') AS SELECT id, color FROM db.src");
    expect(await rows(t, 'SELECT sum(id) FROM db.txt')).toEqual([['_col0'], ['10']]);
    expect(await rows(t, "SELECT id FROM db.js WHERE color = 'green'")).toEqual([['id'], ['4']]);
    const txt = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'txt' }))).Table;
    expect(txt?.StorageDescriptor?.SerdeInfo?.Parameters).toMatchObject({ 'field.delim': '|' });

    await ok(
      t,
      "CREATE TABLE db.nulls WITH (partitioned_by = ARRAY['k']) AS SELECT id, CASE WHEN id > 2 THEN id % 2 END AS k FROM db.src",
    );
    expect(await rows(t, 'SELECT id, k FROM db.nulls ORDER BY id')).toEqual([
      ['id', 'k'],
      ['1', null],
      ['2', null],
      ['3', '1'],
      ['4', '0'],
    ]);
    expect(await rows(t, 'SHOW PARTITIONS db.nulls')).toEqual([['k=0'], ['k=1'], ['k=__HIVE_DEFAULT_PARTITION__']]);
    await ok(t, 'CREATE TABLE db.empty AS SELECT id, color FROM db.src WITH NO DATA');
    expect(await rows(t, 'SELECT count(*) FROM db.empty')).toEqual([['_col0'], ['0']]);

    expect(
      await failure(t, "CREATE TABLE db.bad WITH (partitioned_by = ARRAY['id']) AS SELECT id, color FROM db.src"),
    ).toBe(
      'HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in the same order as the table properties: [id]',
    );
    expect(
      await failure(
        t,
        "CREATE TABLE db.many WITH (partitioned_by = ARRAY['p']) AS SELECT n, n AS p FROM UNNEST(sequence(1, 101)) AS x(n)",
      ),
    ).toBe('HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets');
    expect(await failure(t, "CREATE TABLE db.bad2 WITH (nope = 'x') AS SELECT 1 AS a")).toMatch(
      /^INVALID_TABLE_PROPERTY: Catalog 'awsdatacatalog' table property 'nope' does not exist/,
    );
  });
});

describe('INSERT INTO', () => {
  it('appends Parquet files and registers new partitions; UpdateCount is the rows written', async () => {
    await using t = await startAthenaTestLakebox();
    await sourceTable(t);
    await ok(
      t,
      "CREATE TABLE db.target WITH (external_location = 's3://lake/target/', partitioned_by = ARRAY['day']) AS SELECT id, color, day FROM db.src WHERE id = 1",
    );
    const q = await ok(t, 'INSERT INTO db.target SELECT id, color, day FROM db.src WHERE id > 1');
    expect(q.StatementType).toBe('DML');
    const out = await t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    expect(out.UpdateCount).toBe(3);
    expect(await rows(t, 'SELECT id, color, day FROM db.target ORDER BY id')).toEqual([
      ['id', 'color', 'day'],
      ['1', 'red', '2024-01-01'],
      ['2', 'blue', '2024-01-01'],
      ['3', 'red', '2024-01-02'],
      ['4', 'green', '2024-01-03'],
    ]);
    const parts = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'target' }));
    expect(parts.Partitions?.map((p) => p.Values?.[0]).sort()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect((await keys(t, 'lake', 'target/day=2024-01-01/')).length).toBe(2);

    // A column list: the others are NULL.
    await ok(t, "INSERT INTO db.target (id, day) VALUES (9, DATE '2024-01-01')");
    expect(await rows(t, 'SELECT color FROM db.target WHERE id = 9')).toEqual([['color'], [null]]);
    expect(await failure(t, 'INSERT INTO db.target SELECT id FROM db.src')).toMatch(
      /^TYPE_MISMATCH: line 1:\d+: Insert query has mismatched column types/,
    );
  });

  it('into a text table writes in its format', async () => {
    await using t = await startAthenaTestLakebox();
    await sourceTable(t);
    await ok(
      t,
      "CREATE EXTERNAL TABLE db.log (msg string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://lake/log/'",
    );
    await ok(t, "INSERT INTO db.log VALUES ('hello', 1), ('world', NULL)");
    expect(await rows(t, 'SELECT msg, n FROM db.log ORDER BY msg')).toEqual([
      ['msg', 'n'],
      ['hello', '1'],
      ['world', null],
    ]);
  });
});
