/**
 * Crawls through the SDKs: data uploaded with S3 PutObject, a crawler created and started with Glue, the
 * tables and partitions it registers read back with Glue and queried with Athena.
 */
import { gzipSync } from 'node:zlib';
import {
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GetTableVersionsCommand,
  type GlueClient,
  type Table,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { select } from '../athena-e2e/lake.js';
import { startAthenaTestLakebox } from '../support/athena.js';
import { crawl, createCrawler, createDatabase, parquetOf, put } from './support.js';

const PARQUET_SD = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
};

function day(date: string, first: number, n: number): Promise<Buffer> {
  return parquetOf(
    `SELECT CAST(i AS BIGINT) AS id, 'item-' || i AS name, i * 1.5 AS amount, CAST(i % 7 AS INTEGER) AS qty,
       DATE '${date}' AS sold_on, TIMESTAMP '${date} 10:00:00' AS sold_at, CAST(i AS DECIMAL(10,2)) AS price
     FROM range(${first}, ${first + n}) t(i)`,
  );
}

async function table(glue: GlueClient, database: string, name: string) {
  const out = await glue.send(new GetTableCommand({ DatabaseName: database, Name: name }));
  return out.Table ?? ({} as Table);
}

async function partitions(glue: GlueClient, database: string, name: string) {
  const out = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: name }));
  return (out.Partitions ?? []).sort((a, b) => (a.Values?.join() ?? '').localeCompare(b.Values?.join() ?? ''));
}

async function versions(glue: GlueClient, database: string, name: string): Promise<number> {
  const out = await glue.send(new GetTableVersionsCommand({ DatabaseName: database, TableName: name }));
  return out.TableVersions?.length ?? 0;
}

describe('crawling S3 folders into the Data Catalog', () => {
  it('Hive-partitioned Parquet: one table, dt partition key, every partition, queryable; re-crawl changes nothing; a new folder is added', async () => {
    await using t = await startAthenaTestLakebox();
    await put(t.s3, 's3://lake/sales/dt=2024-01-01/part-0.parquet', await day('2024-01-01', 0, 10));
    await put(t.s3, 's3://lake/sales/dt=2024-01-02/part-0.parquet', await day('2024-01-02', 10, 5));
    await put(t.s3, 's3://lake/sales/_SUCCESS', '');
    await put(t.s3, 's3://lake/sales/dt=2024-01-02/.part-0.parquet.crc', 'crc');
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'sales-crawler', 'lake', ['s3://lake/sales/']);
    const done = await crawl(t.glue, 'sales-crawler');
    expect(done.LastCrawl).toMatchObject({
      Status: 'SUCCEEDED',
      LogGroup: '/aws-glue/crawlers',
      LogStream: 'sales-crawler',
    });

    const sales = await table(t.glue, 'lake', 'sales');
    expect(sales).toMatchObject({
      Name: 'sales',
      DatabaseName: 'lake',
      Owner: 'owner',
      TableType: 'EXTERNAL_TABLE',
      Retention: 0,
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      StorageDescriptor: {
        ...PARQUET_SD,
        Location: 's3://lake/sales/',
        Compressed: false,
        NumberOfBuckets: -1,
        StoredAsSubDirectories: false,
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 'name', Type: 'string' },
          { Name: 'amount', Type: 'decimal(21,1)' },
          { Name: 'qty', Type: 'int' },
          { Name: 'sold_on', Type: 'date' },
          { Name: 'sold_at', Type: 'timestamp' },
          { Name: 'price', Type: 'decimal(10,2)' },
        ],
      },
    });
    expect(sales.Parameters).toEqual({
      CrawlerSchemaDeserializerVersion: '1.0',
      CrawlerSchemaSerializerVersion: '1.0',
      UPDATED_BY_CRAWLER: 'sales-crawler',
      averageRecordSize: expect.stringMatching(/^\d+$/),
      classification: 'parquet',
      compressionType: 'none',
      objectCount: '2',
      recordCount: '15',
      sizeKey: expect.stringMatching(/^\d+$/),
      typeOfData: 'file',
    });
    const parts = await partitions(t.glue, 'lake', 'sales');
    expect(parts.map((p) => [p.Values, p.StorageDescriptor?.Location, p.Parameters?.['recordCount']])).toEqual([
      [['2024-01-01'], 's3://lake/sales/dt=2024-01-01/', '10'],
      [['2024-01-02'], 's3://lake/sales/dt=2024-01-02/', '5'],
    ]);
    expect(parts[0]?.StorageDescriptor).toMatchObject(PARQUET_SD);

    const answer = await select(
      t,
      'SELECT dt, count(*) AS n, sum(qty) AS q FROM sales GROUP BY dt ORDER BY dt',
      'lake',
    );
    expect(answer.rows).toEqual([
      ['2024-01-01', '10', '24'],
      ['2024-01-02', '5', '18'],
    ]);

    // Re-crawl of unchanged data: no new table version, same UpdateTime, same partitions.
    const before = { versions: await versions(t.glue, 'lake', 'sales'), updated: sales.UpdateTime };
    await crawl(t.glue, 'sales-crawler');
    expect(await versions(t.glue, 'lake', 'sales')).toBe(before.versions);
    expect((await table(t.glue, 'lake', 'sales')).UpdateTime).toEqual(before.updated);
    expect(await partitions(t.glue, 'lake', 'sales')).toEqual(parts);

    // A new partition folder is registered by the next crawl.
    await put(t.s3, 's3://lake/sales/dt=2024-01-03/part-0.parquet', await day('2024-01-03', 15, 3));
    await crawl(t.glue, 'sales-crawler');
    expect((await partitions(t.glue, 'lake', 'sales')).map((p) => p.Values)).toEqual([
      ['2024-01-01'],
      ['2024-01-02'],
      ['2024-01-03'],
    ]);
    const after = await select(t, 'SELECT count(*) FROM lake.sales', 'lake');
    expect(after.rows).toEqual([['18']]);
  });

  it('CSV folder with headers: header detection, types, LazySimpleSerDe and the CSV parameters', async () => {
    await using t = await startAthenaTestLakebox();
    await put(t.s3, 's3://lake/csv/people/a.csv', 'id,name,score,active\n1,ann,1.5,true\n2,bob,2,false\n');
    await put(t.s3, 's3://lake/csv/people/b.csv', 'id,name,score,active\n3,cy,,true\n');
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'csv', 'lake', ['s3://lake/csv/people']);
    await crawl(t.glue, 'csv');
    const people = await table(t.glue, 'lake', 'people');
    expect(people.PartitionKeys).toEqual([]);
    expect(people.StorageDescriptor).toMatchObject({
      Location: 's3://lake/csv/people/',
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        Parameters: { 'field.delim': ',' },
      },
      Columns: [
        { Name: 'id', Type: 'bigint' },
        { Name: 'name', Type: 'string' },
        { Name: 'score', Type: 'double' },
        { Name: 'active', Type: 'boolean' },
      ],
    });
    expect(people.Parameters).toMatchObject({
      classification: 'csv',
      delimiter: ',',
      areColumnsQuoted: 'false',
      columnsOrdered: 'true',
      'skip.header.line.count': '1',
      compressionType: 'none',
      objectCount: '2',
      recordCount: '3',
      typeOfData: 'file',
    });
    const answer = await select(t, 'SELECT id, name, score, active FROM people ORDER BY id', 'lake');
    expect(answer.rows).toEqual([
      ['1', 'ann', '1.5', 'true'],
      ['2', 'bob', '2.0', 'false'],
      ['3', 'cy', null, 'true'],
    ]);
  });

  it('CSV with only string columns has no detectable header: col0, col1, ...', async () => {
    await using t = await startAthenaTestLakebox();
    await put(t.s3, 's3://lake/words/w.csv', 'a|b\nc|d\n');
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'words', 'lake', ['s3://lake/words/']);
    await crawl(t.glue, 'words');
    const words = await table(t.glue, 'lake', 'words');
    expect(words.StorageDescriptor?.Columns).toEqual([
      { Name: 'col0', Type: 'string' },
      { Name: 'col1', Type: 'string' },
    ]);
    expect(words.Parameters?.['skip.header.line.count']).toBeUndefined();
    expect(words.Parameters?.['delimiter']).toBe('|');
    const answer = await select(t, 'SELECT col0, col1 FROM words ORDER BY col0', 'lake');
    expect(answer.rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('JSON lines (one file gzip): OpenX JsonSerDe, int/double/boolean/string, non-Hive folders as partition_0', async () => {
    await using t = await startAthenaTestLakebox();
    await put(
      t.s3,
      's3://lake/events/2024/e1.json',
      '{"id":1,"kind":"click","value":0.5,"ok":true}\n{"id":2,"kind":"view","value":2,"ok":false}\n',
    );
    await put(t.s3, 's3://lake/events/2025/e2.json.gz', gzipSync('{"id":3,"kind":"buy","value":9.25,"ok":true}\n'));
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'events', 'lake', ['s3://lake/events/']);
    await crawl(t.glue, 'events');
    const events = await table(t.glue, 'lake', 'events');
    expect(events.PartitionKeys).toEqual([{ Name: 'partition_0', Type: 'string' }]);
    expect(events.StorageDescriptor).toMatchObject({
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
        Parameters: { paths: 'id,kind,ok,value' },
      },
      Columns: [
        { Name: 'id', Type: 'int' },
        { Name: 'kind', Type: 'string' },
        { Name: 'value', Type: 'double' },
        { Name: 'ok', Type: 'boolean' },
      ],
    });
    expect(events.Parameters).toMatchObject({ classification: 'json', compressionType: 'gzip', recordCount: '3' });
    const parts = await partitions(t.glue, 'lake', 'events');
    expect(parts.map((p) => [p.Values, p.Parameters?.['compressionType']])).toEqual([
      [['2024'], 'none'],
      [['2025'], 'gzip'],
    ]);
    const answer = await select(t, 'SELECT id, kind, value, ok, partition_0 FROM events ORDER BY id', 'lake');
    expect(answer.rows).toEqual([
      ['1', 'click', '0.5', 'true', '2024'],
      ['2', 'view', '2.0', 'false', '2024'],
      ['3', 'buy', '9.25', 'true', '2025'],
    ]);
  });

  it('nested JSON: struct and array columns Athena can read', async () => {
    await using t = await startAthenaTestLakebox();
    await put(
      t.s3,
      's3://lake/nested/a.json',
      '{"id":1,"user":{"name":"a","age":3},"tags":["x","y"]}\n{"id":2,"user":{"name":"b"},"tags":[]}\n',
    );
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'nested', 'lake', ['s3://lake/nested/']);
    await crawl(t.glue, 'nested');
    const nested = await table(t.glue, 'lake', 'nested');
    expect(nested.StorageDescriptor?.Columns).toEqual([
      { Name: 'id', Type: 'int' },
      { Name: 'user', Type: 'struct<name:string,age:int>' },
      { Name: 'tags', Type: 'array<string>' },
    ]);
    const answer = await select(t, 'SELECT id, user.name, cardinality(tags) FROM nested ORDER BY id', 'lake');
    expect(answer.rows).toEqual([
      ['1', 'a', '2'],
      ['2', 'b', '0'],
    ]);
  });

  it('one target holding folders of different data makes one table each; TablePrefix; exclusions', async () => {
    await using t = await startAthenaTestLakebox();
    await put(t.s3, 's3://raw/Web-Logs/l.json', '{"url":"/a","ms":3}\n');
    await put(t.s3, 's3://raw/Web-Logs/skip.tmp', '{"url":"/b","ms":4}\n');
    await put(t.s3, 's3://raw/orders/o.csv', 'order_id,total\n1,2.5\n');
    await put(t.s3, 's3://raw/orders/old/o.csv', 'order_id,total\n9,9.5\n');
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'raw', 'lake', [], {
      Targets: { S3Targets: [{ Path: 's3://raw', Exclusions: ['**.tmp', 'orders/old/**'] }] },
      TablePrefix: 'raw_',
    });
    await crawl(t.glue, 'raw');
    const { TableList } = await t.glue.send(new GetTablesCommand({ DatabaseName: 'lake' }));
    expect(TableList?.map((x) => [x.Name, x.StorageDescriptor?.Location, x.Parameters?.['objectCount']])).toEqual([
      ['raw_orders', 's3://raw/orders/', '1'],
      ['raw_web_logs', 's3://raw/Web-Logs/', '1'],
    ]);
  });
});
