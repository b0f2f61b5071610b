/**
 * Athena DDL writes the one Glue catalog: each statement run with StartQueryExecution, then its effect
 * checked through the Glue API and through a query.
 */
import { CreateTableCommand, GetDatabaseCommand, GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { GetObjectCommand } from '@aws-sdk/client-s3';
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

async function failure(t: T, sql: string, database?: string): Promise<string> {
  const q = await runQuery(t, {
    QueryString: sql,
    ...(database ? { QueryExecutionContext: { Database: database } } : {}),
  });
  expect(q.Status?.State).toBe('FAILED');
  return q.Status?.StateChangeReason ?? '';
}

async function rows(t: T, sql: string, database?: string): Promise<(string | null)[][]> {
  const q = await ok(t, sql, database);
  return (await allRows(t.athena, q.QueryExecutionId ?? '')).rows.map(values);
}

describe('Athena DDL → Glue catalog', () => {
  it('CREATE/DROP DATABASE', async () => {
    await using t = await startAthenaTestLakebox();
    const q = await ok(t, "CREATE DATABASE sales COMMENT 'the sales' WITH DBPROPERTIES ('team' = 'x')");
    expect(q.StatementType).toBe('DDL');
    const { Database } = await t.glue.send(new GetDatabaseCommand({ Name: 'sales' }));
    expect(Database).toMatchObject({ Name: 'sales', Description: 'the sales', Parameters: { team: 'x' } });
    expect(await rows(t, "SHOW DATABASES LIKE 'sal*'")).toEqual([['sales']]);
    expect(await failure(t, 'CREATE DATABASE sales')).toMatch(/AlreadyExistsException/);
    await ok(t, 'CREATE DATABASE IF NOT EXISTS sales');
    await ok(t, "CREATE EXTERNAL TABLE sales.t (a int) LOCATION 's3://lake/t/'");
    expect(await failure(t, 'DROP DATABASE sales')).toBe(
      'FAILED: InvalidOperationException: Database sales is not empty. One or more tables exist.',
    );
    await ok(t, 'DROP DATABASE sales CASCADE');
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'sales' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    expect(await failure(t, 'DROP DATABASE sales')).toMatch(/Database does not exist: sales/);
    await ok(t, 'DROP DATABASE IF EXISTS sales');
  });

  it('CREATE EXTERNAL TABLE maps to the TableInput Athena builds, and SHOW CREATE TABLE round-trips', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await upload(t, 's3://lake/events/dt=2024-01-01/a.csv', '1,alpha\n2,beta\n');
    await upload(t, 's3://lake/events/dt=2024-01-02/b.csv', '3,gamma\n');
    const ddl = `CREATE EXTERNAL TABLE IF NOT EXISTS \`db\`.\`Events\` (
      \`id\` INT COMMENT 'the id',
      name STRING,
      tags ARRAY<STRUCT<k:STRING, v:DECIMAL(10, 2)>>
    )
    COMMENT 'events table'
    PARTITIONED BY (dt STRING)
    ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
    STORED AS TEXTFILE
    LOCATION 's3://lake/events/'
    TBLPROPERTIES ('skip.header.line.count' = '0', 'classification' = 'csv')`;
    await ok(t, ddl);
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'events' }));
    expect(Table).toMatchObject({
      Name: 'events',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', 'skip.header.line.count': '0', classification: 'csv', comment: 'events table' },
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      StorageDescriptor: {
        Columns: [
          { Name: 'id', Type: 'int', Comment: 'the id' },
          { Name: 'name', Type: 'string' },
          { Name: 'tags', Type: 'array<struct<k:string,v:decimal(10,2)>>' },
        ],
        Location: 's3://lake/events/',
        InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        SerdeInfo: {
          SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
          Parameters: { 'field.delim': ',', 'serialization.format': ',' },
        },
      },
    });
    // IF NOT EXISTS: no error, no change.
    await ok(t, ddl);
    expect(await failure(t, ddl.replace('IF NOT EXISTS ', ''))).toMatch(/AlreadyExistsException/);

    // Nothing is visible until the partitions are registered (Athena semantics).
    expect(await rows(t, 'SELECT count(*) FROM db.events')).toEqual([['_col0'], ['0']]);
    const msck = await ok(t, 'MSCK REPAIR TABLE db.events');
    expect(msck.StatementType).toBe('DDL');
    expect(msck.ResultConfiguration?.OutputLocation).toBe(`s3://results/out/${msck.QueryExecutionId}.txt`);
    const txt = await t.s3.send(new GetObjectCommand({ Bucket: 'results', Key: `out/${msck.QueryExecutionId}.txt` }));
    expect(await txt.Body?.transformToString()).toBe(
      'Partitions not in metastore:\tevents:dt=2024-01-01\tevents:dt=2024-01-02\n' +
        'Repair: Added partition to metastore events:dt=2024-01-01\n' +
        'Repair: Added partition to metastore events:dt=2024-01-02',
    );
    const repaired = (await allRows(t.athena, msck.QueryExecutionId ?? '')).rows.map(values);
    expect(repaired).toEqual([
      ['Partitions not in metastore:\tevents:dt=2024-01-01\tevents:dt=2024-01-02'],
      ['Repair: Added partition to metastore events:dt=2024-01-01'],
      ['Repair: Added partition to metastore events:dt=2024-01-02'],
    ]);
    const parts = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events' }));
    expect(parts.Partitions?.map((p) => [p.Values, p.StorageDescriptor?.Location]).sort()).toEqual([
      [['2024-01-01'], 's3://lake/events/dt=2024-01-01'],
      [['2024-01-02'], 's3://lake/events/dt=2024-01-02'],
    ]);
    expect(await rows(t, 'SELECT id, name, dt FROM events ORDER BY id', 'db')).toEqual([
      ['id', 'name', 'dt'],
      ['1', 'alpha', '2024-01-01'],
      ['2', 'beta', '2024-01-01'],
      ['3', 'gamma', '2024-01-02'],
    ]);
    // MSCK only adds.
    expect(await rows(t, 'MSCK REPAIR TABLE events', 'db')).toEqual([]);

    // SHOW CREATE TABLE's text recreates the same table.
    const shown = (await rows(t, 'SHOW CREATE TABLE db.events')).map((r) => r[0]).join('\n');
    expect(shown).toContain('CREATE EXTERNAL TABLE `db`.`events`(');
    expect(shown).toContain("LOCATION\n  's3://lake/events/'");
    await ok(t, shown.replace('`db`.`events`', '`db`.`events_copy`'));
    const copy = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'events_copy' }));
    expect(copy.Table?.StorageDescriptor).toEqual({ ...Table?.StorageDescriptor });
    expect(copy.Table?.PartitionKeys).toEqual(Table?.PartitionKeys);
    expect(copy.Table?.Parameters).toEqual(Table?.Parameters);

    expect(await rows(t, 'SHOW TABLES IN db')).toEqual([['events'], ['events_copy']]);
    expect(await rows(t, "SHOW TBLPROPERTIES db.events ('classification')")).toEqual([['classification', 'csv']]);
    await ok(t, 'DROP TABLE db.events_copy');
    await expect(t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'events_copy' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    expect(await failure(t, 'DROP TABLE db.events_copy')).toMatch(/Table not found events_copy/);
    await ok(t, 'DROP TABLE IF EXISTS db.events_copy');
    // Dropping an external table keeps its data.
    expect(await rows(t, 'SELECT count(*) FROM db.events')).toEqual([['_col0'], ['3']]);
  });

  it('STORED AS PARQUET and ROW FORMAT SERDE store the SerDe and formats Athena stores', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await ok(t, "CREATE EXTERNAL TABLE db.p (a bigint) STORED AS PARQUET LOCATION 's3://lake/p/'");
    await ok(
      t,
      `CREATE EXTERNAL TABLE db.j (a bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
       WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true') LOCATION 's3://lake/j/'`,
    );
    const p = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'p' }))).Table;
    expect(p?.StorageDescriptor).toMatchObject({
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        Parameters: { 'serialization.format': '1' },
      },
    });
    const j = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'j' }))).Table;
    expect(j?.StorageDescriptor?.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'ignore.malformed.json': 'true' },
    });
    await upload(t, 's3://lake/j/x.json', '{"a": 5}\n{"a": 6}\n');
    expect(await rows(t, 'SELECT sum(a) FROM db.j')).toEqual([['_col0'], ['11']]);
    expect(await failure(t, "CREATE EXTERNAL TABLE db.bad (a int) LOCATION 'http://lake/x/'")).toMatch(
      /must be an Amazon S3 path/,
    );
    expect(await failure(t, 'CREATE EXTERNAL TABLE db.bad (a int')).toMatch(/^SYNTAX_ERROR: line 1:/);
    expect(await failure(t, 'CREATE EXTERNAL TABLE db.bad (a int) PARTITIONED BY (a string)')).toBe(
      'FAILED: SemanticException [Error 10035]: Column repeated in partitioning columns',
    );
  });

  it('SHOW CREATE TABLE prints a LazySimpleSerDe table as ROW FORMAT DELIMITED, which recreates it', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await upload(t, 's3://lake/tsv/a.tsv', 'x\\\tx\t1\ny\t\\N\n');
    await ok(
      t,
      `CREATE EXTERNAL TABLE db.tsv (s string, n int, tags array<string>)
       ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '\\002'
         MAP KEYS TERMINATED BY '\\u0003' LINES TERMINATED BY '\\n' NULL DEFINED AS '\\\\N'
       LOCATION 's3://lake/tsv/'`,
    );
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'tsv' }));
    // Hive's string escapes: the delimiters are the characters themselves.
    expect(Table?.StorageDescriptor?.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: {
        'field.delim': '\t',
        'escape.delim': '\\',
        'collection.delim': '\u0002',
        'mapkey.delim': '\u0003',
        'line.delim': '\n',
        'serialization.null.format': '\\N',
        'serialization.format': '\t',
      },
    });
    expect(await rows(t, 'SELECT s, n FROM db.tsv ORDER BY s')).toEqual([
      ['s', 'n'],
      ['x\tx', '1'],
      ['y', null],
    ]);
    const shown = (await rows(t, 'SHOW CREATE TABLE db.tsv')).map((r) => r[0]);
    expect(shown).toEqual([
      'CREATE EXTERNAL TABLE `db`.`tsv`(',
      '  `s` string, ',
      '  `n` int, ',
      '  `tags` array<string>)',
      'ROW FORMAT DELIMITED ',
      "  FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' ",
      "  COLLECTION ITEMS TERMINATED BY '\\u0002' ",
      "  MAP KEYS TERMINATED BY '\\u0003' ",
      "  LINES TERMINATED BY '\\n' ",
      "  NULL DEFINED AS '\\\\N' ",
      'STORED AS INPUTFORMAT ',
      "  'org.apache.hadoop.mapred.TextInputFormat' ",
      'OUTPUTFORMAT ',
      "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
      'LOCATION',
      "  's3://lake/tsv/'",
    ]);
    await ok(t, shown.join('\n').replace('`db`.`tsv`', '`db`.`tsv_copy`'));
    const copy = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'tsv_copy' }))).Table;
    expect(copy?.StorageDescriptor).toEqual(Table?.StorageDescriptor);
    expect(copy?.Parameters).toEqual(Table?.Parameters);

    // A table registered through Glue as crawlers register CSV: the delimiter, and a serialization.format
    // the DDL would not give, kept as a SerDe property.
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'db',
        TableInput: {
          Name: 'crawled',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: {
            Columns: [{ Name: 'a', Type: 'string' }],
            Location: 's3://lake/crawled/',
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: {
              SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
              Parameters: { 'field.delim': ';', 'serialization.format': '1' },
            },
          },
        },
      }),
    );
    const crawled = (await rows(t, 'SHOW CREATE TABLE db.crawled')).map((r) => r[0]);
    expect(crawled.slice(2, 6)).toEqual([
      'ROW FORMAT DELIMITED ',
      "  FIELDS TERMINATED BY '\\;' ",
      'WITH SERDEPROPERTIES ( ',
      "  'serialization.format'='1') ",
    ]);
    await ok(t, crawled.join('\n').replace('`db`.`crawled`', '`db`.`crawled_copy`'));
    const again = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'crawled_copy' }))).Table;
    expect(again?.StorageDescriptor?.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': ';', 'serialization.format': '1' },
    });

    // No delimiters (Hive's defaults): the SerDe by name, without the implied serialization.format.
    await ok(t, "CREATE EXTERNAL TABLE db.plain (a string) STORED AS TEXTFILE LOCATION 's3://lake/plain/'");
    const plain = (await rows(t, 'SHOW CREATE TABLE db.plain')).map((r) => r[0]);
    expect(plain.slice(2, 5)).toEqual([
      'ROW FORMAT SERDE ',
      "  'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' ",
      'STORED AS INPUTFORMAT ',
    ]);
    await ok(t, plain.join('\n').replace('`db`.`plain`', '`db`.`plain_copy`'));
    const plainCopy = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'plain_copy' }))).Table;
    const plainTable = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'plain' }))).Table;
    expect(plainCopy?.StorageDescriptor).toEqual(plainTable?.StorageDescriptor);
  });

  it('ALTER TABLE ADD/DROP PARTITION, SET TBLPROPERTIES, ADD COLUMNS', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await upload(t, 's3://lake/t/year=2024/month=1/a.csv', '1\n');
    await upload(t, 's3://lake/elsewhere/b.csv', '2\n');
    await ok(
      t,
      "CREATE EXTERNAL TABLE db.t (n int) PARTITIONED BY (year int, month int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/t/'",
    );
    await ok(
      t,
      "ALTER TABLE db.t ADD PARTITION (year = 2024, month = 1) PARTITION (month = '2', year = '2024') LOCATION 's3://lake/elsewhere/'",
    );
    const parts = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 't' }));
    expect(parts.Partitions?.map((p) => [p.Values, p.StorageDescriptor?.Location]).sort()).toEqual([
      [['2024', '1'], 's3://lake/t/year=2024/month=1/'],
      [['2024', '2'], 's3://lake/elsewhere/'],
    ]);
    expect(await rows(t, 'SELECT n, month FROM db.t ORDER BY n')).toEqual([
      ['n', 'month'],
      ['1', '1'],
      ['2', '2'],
    ]);
    expect(await rows(t, 'SHOW PARTITIONS db.t')).toEqual([['year=2024/month=1'], ['year=2024/month=2']]);
    expect(await failure(t, 'ALTER TABLE db.t ADD PARTITION (year = 2024, month = 1)')).toMatch(
      /AlreadyExistsException/,
    );
    await ok(t, 'ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (year = 2024, month = 1)');
    expect(await failure(t, 'ALTER TABLE db.t ADD PARTITION (year = 2024)')).toMatch(
      /does not match the partition keys/,
    );
    await ok(t, 'ALTER TABLE db.t DROP PARTITION (year = 2024, month = 2)');
    expect(await rows(t, 'SELECT count(*) FROM db.t')).toEqual([['_col0'], ['1']]);
    expect(await failure(t, 'ALTER TABLE db.t DROP PARTITION (year = 2024, month = 2)')).toMatch(/Partition not found/);
    await ok(t, 'ALTER TABLE db.t DROP IF EXISTS PARTITION (year = 2024, month = 2)');

    await ok(t, "ALTER TABLE db.t SET TBLPROPERTIES ('owner_team' = 'data')");
    await ok(t, 'ALTER TABLE db.t ADD COLUMNS (note string)');
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 't' }));
    expect(Table?.Parameters).toMatchObject({ EXTERNAL: 'TRUE', owner_team: 'data' });
    expect(Table?.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(['n', 'note']);
    expect(await rows(t, 'SELECT n, note FROM db.t')).toEqual([
      ['n', 'note'],
      ['1', null],
    ]);
  });

  it('CREATE [OR REPLACE] VIEW is stored as Athena stores it, queryable, SHOW VIEWS, DROP VIEW', async () => {
    await using t = await startAthenaTestLakebox();
    await ok(t, 'CREATE DATABASE db');
    await upload(t, 's3://lake/v/a.csv', '1,a\n2,b\n3,c\n');
    await ok(
      t,
      "CREATE EXTERNAL TABLE db.base (n int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/v/'",
    );
    const q = await ok(t, 'CREATE VIEW v AS SELECT n, upper(s) AS big FROM base WHERE n > 1', 'db');
    expect(q.StatementType).toBe('DDL');
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'v' }));
    expect(Table).toMatchObject({
      TableType: 'VIRTUAL_VIEW',
      ViewExpandedText: '/* Presto View */',
      Parameters: { presto_view: 'true', comment: 'Presto View' },
      StorageDescriptor: {
        Columns: [
          { Name: 'n', Type: 'int' },
          { Name: 'big', Type: 'string' },
        ],
      },
    });
    const m = /^\/\* Presto View: (.*) \*\/$/.exec(Table?.ViewOriginalText ?? '');
    const json = JSON.parse(Buffer.from(m?.[1] ?? '', 'base64').toString('utf8'));
    expect(json).toMatchObject({
      originalSql: 'SELECT n, upper(s) AS big FROM base WHERE n > 1',
      catalog: 'awsdatacatalog',
      schema: 'db',
      columns: [
        { name: 'n', type: 'integer' },
        { name: 'big', type: 'varchar' },
      ],
    });
    expect(await rows(t, 'SELECT * FROM db.v ORDER BY n')).toEqual([
      ['n', 'big'],
      ['2', 'B'],
      ['3', 'C'],
    ]);
    expect(await failure(t, 'CREATE VIEW db.v AS SELECT 1 AS x')).toMatch(/already exists/);
    await ok(t, 'CREATE OR REPLACE VIEW db.v AS SELECT count(*) AS c FROM db.base');
    expect(await rows(t, 'SELECT c FROM db.v')).toEqual([['c'], ['3']]);
    expect(await rows(t, 'SHOW VIEWS IN db')).toEqual([['v']]);
    // A view's unqualified names resolve in the schema it was created from, wherever it is queried from.
    await ok(t, 'CREATE DATABASE other');
    await ok(t, 'CREATE VIEW other.w AS SELECT n FROM base WHERE n = 3', 'db');
    expect(await rows(t, 'SELECT * FROM other.w')).toEqual([['n'], ['3']]);
    expect(await rows(t, 'SELECT v.c, w.n FROM db.v CROSS JOIN w', 'other')).toEqual([
      ['c', 'n'],
      ['3', '3'],
    ]);
    expect((await rows(t, 'DESCRIBE other.w'))[0]?.[0]).toMatch(/^n\s+\tint/);
    expect(await rows(t, 'SHOW CREATE VIEW other.w')).toEqual([
      ['CREATE VIEW awsdatacatalog.other.w AS'],
      ['SELECT n FROM base WHERE n = 3'],
    ]);
    expect(await failure(t, 'CREATE VIEW db.w AS SELECT * FROM db.missing')).toMatch(/^TABLE_NOT_FOUND/);
    await ok(t, 'DROP VIEW db.v');
    expect(await rows(t, 'SHOW VIEWS IN db')).toEqual([]);
    expect(await failure(t, 'DROP VIEW db.v')).toMatch(/does not exist/);
    await ok(t, 'DROP VIEW IF EXISTS db.v');
  });
});
