/**
 * DataFrameWriter and the catalog: files named as Spark names them, Hive partition folders, `_SUCCESS`,
 * save modes; from_catalog / spark.sql / spark.table over Glue tables; Glue DynamicFrame writes.
 */
import {
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';
import { putObjects, runOk, runScript } from './support.js';

let t: TestLakebox;

const PRELUDE = `
import json
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.getOrCreate()
def out(value):
    print('JSON:' + json.dumps(value, default=str))
df = spark.createDataFrame([(1, 'a', '2024-01-05'), (2, 'b', '2024-01-06'), (3, 'c', None), (4, 'd/e', '2024-01-05')],
                           'id INT, name STRING, day STRING').withColumn('dt', F.to_date('day'))
`;

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const s3 = s3Client(t);
  try {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (res.Contents ?? []).map((o) => o.Key ?? '');
  } finally {
    s3.destroy();
  }
}

async function printed(script: string): Promise<unknown[]> {
  const stdout = await runOk(t, PRELUDE + script);
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('JSON:'))
    .map((l) => JSON.parse(l.slice(5)));
}

beforeAll(async () => {
  t = await startTestLakebox();
  await putObjects(t, 'out', {});
}, 60_000);

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

describe('writer', () => {
  it('names files part-NNNNN-<uuid>-c000.snappy.parquet under key=value folders, then _SUCCESS', async () => {
    await printed(`df.drop('day').write.partitionBy('dt').parquet('s3://out/by-day/')`);
    const written = await keys('out', 'by-day/');
    expect(written).toContain('by-day/_SUCCESS');
    const files = written.filter((k) => !k.endsWith('_SUCCESS'));
    expect(files).toHaveLength(3);
    for (const k of files) {
      expect(k).toMatch(
        /^by-day\/dt=(2024-01-05|2024-01-06|__HIVE_DEFAULT_PARTITION__)\/part-\d{5}-[0-9a-f-]{36}-c000\.snappy\.parquet$/,
      );
    }
    const [back] = await printed(`
r = spark.read.parquet('s3://out/by-day/')
out([r.columns, sorted([x.id, str(x.dt)] for x in r.collect())])
`);
    expect(back).toEqual([
      ['id', 'name', 'dt'],
      [
        [1, '2024-01-05'],
        [2, '2024-01-06'],
        [3, 'None'],
        [4, '2024-01-05'],
      ],
    ]);
  });

  it('escapes partition values as Spark does', async () => {
    await printed(`df.select('id', 'name').write.partitionBy('name').json('s3://out/escaped/')`);
    const written = await keys('out', 'escaped/');
    expect(written.some((k) => k.startsWith('escaped/name=d%2Fe/part-00'))).toBe(true);
    expect(written.some((k) => /^escaped\/name=a\/part-\d{5}-.*-c000\.json$/.test(k))).toBe(true);
  });

  it('modes: error if the path exists, ignore skips, append adds, overwrite replaces', async () => {
    await printed(`df.select('id').write.csv('s3://out/modes/', header=True)`);
    const failed = await runScript(t, `${PRELUDE}\ndf.select('id').write.csv('s3://out/modes/')\n`);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('AnalysisException: path s3://out/modes/ already exists.');
    const [ignored, appended, overwritten] = await printed(`
df.select('id').write.mode('ignore').csv('s3://out/modes/')
out(spark.read.csv('s3://out/modes/', header=True).count())
df.select('id').write.mode('append').csv('s3://out/modes/', header=True)
out(spark.read.csv('s3://out/modes/', header=True).count())
df.select('id').limit(1).write.mode('overwrite').csv('s3://out/modes/', header=True)
out(spark.read.csv('s3://out/modes/', header=True).collect()[0].asDict())
`);
    expect(ignored).toBe(4);
    expect(appended).toBe(8);
    expect(overwritten).toEqual({ id: '1' });
    expect((await keys('out', 'modes/')).filter((k) => k.endsWith('.csv'))).toHaveLength(1);
  });

  it('glueContext.purge_s3_path deletes what is older than the retention period', async () => {
    const [kept, purged] = await printed(`
from awsglue.context import GlueContext
glue = GlueContext(spark.sparkContext)
df.select('id').write.parquet('s3://out/purge/')
glue.purge_s3_path('s3://out/purge/', {'retentionPeriod': 1})
out(spark.read.parquet('s3://out/purge/').count())
glue.purge_s3_path('s3://out/purge/', {'retentionPeriod': 0})
out(len([1]))
`);
    expect(kept).toBe(4);
    expect(purged).toBe(1);
    expect(await keys('out', 'purge/')).toEqual([]);
  });

  it('overwrite with partitionOverwriteMode=dynamic replaces only the partitions written', async () => {
    const [days] = await printed(`
df.drop('day').write.partitionBy('dt').parquet('s3://out/dynamic/')
spark.conf.set('spark.sql.sources.partitionOverwriteMode', 'dynamic')
df.drop('day').filter(F.col('id') == 2).withColumn('id', F.lit(20)).write.mode('overwrite').partitionBy('dt').parquet('s3://out/dynamic/')
out(sorted([r.id, str(r.dt)] for r in spark.read.parquet('s3://out/dynamic/').collect()))
`);
    expect(days).toEqual([
      [1, '2024-01-05'],
      [3, 'None'],
      [4, '2024-01-05'],
      [20, '2024-01-06'],
    ]);
  });
});

describe('catalog tables', () => {
  beforeAll(async () => {
    await putObjects(t, 'lake', {
      'sales/dt=2024-01-01/a.csv': '1,10.5\n2,3\n',
      'sales/dt=2024-01-02/b.csv': '3,7\n',
      'sales/dt=2024-01-03/unregistered.csv': '9,99\n',
    });
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shop' } }));
    const sd = {
      Columns: [
        { Name: 'id', Type: 'int' },
        { Name: 'amount', Type: 'double' },
      ],
      Location: 's3://lake/sales/',
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        Parameters: { 'field.delim': ',' },
      },
    };
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'shop',
        TableInput: { Name: 'sales', StorageDescriptor: sd, PartitionKeys: [{ Name: 'dt', Type: 'string' }] },
      }),
    );
    for (const dt of ['2024-01-01', '2024-01-02']) {
      await t.glue.send(
        new CreatePartitionCommand({
          DatabaseName: 'shop',
          TableName: 'sales',
          PartitionInput: { Values: [dt], StorageDescriptor: { ...sd, Location: `s3://lake/sales/dt=${dt}/` } },
        }),
      );
    }
  });

  it('from_catalog, spark.table and spark.sql read registered partitions with the declared types', async () => {
    const [fromCatalog, table, sql] = await printed(`
from awsglue.context import GlueContext
glue = GlueContext(spark.sparkContext)
d = glue.create_dynamic_frame.from_catalog(database='shop', table_name='sales', transformation_ctx='s').toDF()
out([d.dtypes, d.count()])
out(spark.table('shop.sales').filter('dt = "2024-01-02"').collect()[0].asDict())
out([r.asDict() for r in spark.sql("SELECT dt, sum(amount) AS total, count(*) / 2 AS half FROM shop.sales GROUP BY dt ORDER BY dt").collect()])
`);
    expect(fromCatalog).toEqual([
      [
        ['id', 'int'],
        ['amount', 'double'],
        ['dt', 'string'],
      ],
      3,
    ]);
    expect(table).toEqual({ id: 3, amount: 7, dt: '2024-01-02' });
    expect(sql).toEqual([
      { dt: '2024-01-01', total: 13.5, half: 1 },
      { dt: '2024-01-02', total: 7, half: 0.5 },
    ]);
  });

  it('write_dynamic_frame.from_catalog appends to the table location in its format, partitioned by its keys', async () => {
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'shop',
        TableInput: {
          Name: 'curated',
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          StorageDescriptor: {
            Columns: [{ Name: 'id', Type: 'int' }],
            Location: 's3://lake/curated-by-catalog/',
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
        },
      }),
    );
    const [count] = await printed(`
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
glue = GlueContext(spark.sparkContext)
frame = DynamicFrame.fromDF(df.select('id', F.col('day').alias('dt')).dropna(), glue, 'f')
glue.write_dynamic_frame.from_catalog(frame=frame, database='shop', table_name='curated')
out(spark.read.parquet('s3://lake/curated-by-catalog/').count())
`);
    expect(count).toBe(3);
    const written = await keys('lake', 'curated-by-catalog/');
    expect(
      written.filter((k) => /^curated-by-catalog\/dt=2024-01-0[56]\/part-.*\.snappy\.parquet$/.test(k)),
    ).toHaveLength(2);
  });

  it('enableUpdateCatalog: a sink creates the table and registers partitions; from_catalog adds partitions and columns', async () => {
    const [afterSink, afterUpdate] = await printed(`
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
glue = GlueContext(spark.sparkContext)
first = DynamicFrame.fromDF(df.select('id', F.col('day').alias('dt')).filter("dt = '2024-01-05'"), glue, 'f')
sink = glue.getSink(connection_type='s3', path='s3://lake/sunk/', enableUpdateCatalog=True,
                    updateBehavior='UPDATE_IN_DATABASE', partitionKeys=['dt'])
sink.setFormat('glueparquet')
sink.setCatalogInfo(catalogDatabase='shop', catalogTableName='sunk')
sink.writeFrame(first)
out(sorted([r.id, r.dt] for r in spark.table('shop.sunk').collect()))
second = DynamicFrame.fromDF(df.select('id', 'name', F.col('day').alias('dt')).filter("dt = '2024-01-06'"), glue, 's')
glue.write_dynamic_frame.from_catalog(frame=second, database='shop', table_name='sunk',
                                      additional_options={'enableUpdateCatalog': True, 'partitionKeys': ['dt']})
out(sorted([r.id, r.name, r.dt] for r in spark.table('shop.sunk').collect()))
`);
    expect(afterSink).toEqual([
      [1, '2024-01-05'],
      [4, '2024-01-05'],
    ]);
    expect(afterUpdate).toEqual([
      [1, null, '2024-01-05'],
      [2, 'b', '2024-01-06'],
      [4, null, '2024-01-05'],
    ]);
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'shop', Name: 'sunk' }));
    expect(Table?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toEqual([
      ['id', 'int'],
      ['name', 'string'],
    ]);
    expect(Table?.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
    const { Partitions } = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'shop', TableName: 'sunk' }));
    expect(Partitions?.map((p) => [p.Values?.[0], p.StorageDescriptor?.Location]).sort()).toEqual([
      ['2024-01-05', 's3://lake/sunk/dt=2024-01-05/'],
      ['2024-01-06', 's3://lake/sunk/dt=2024-01-06/'],
    ]);
  });

  it('a missing table is an AnalysisException', async () => {
    const r = await runScript(t, `${PRELUDE}\nspark.table('shop.nope').count()\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('AnalysisException: Table or view not found: shop.nope');
  });

  it('write_dynamic_frame.from_options appends partitioned Parquet; from_options reads CSV as Glue does', async () => {
    await putObjects(t, 'lake', { 'raw/r.csv': 'order,price,when\n1,2.5,2024-01-01\n2,x,2024-01-02\n' });
    const [schema, count] = await printed(`
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.transforms import ApplyMapping
glue = GlueContext(spark.sparkContext)
dyf = glue.create_dynamic_frame.from_options('s3', {'paths': ['s3://lake/raw/']}, 'csv', {'withHeader': True})
out(dyf.toDF().dtypes)
m = ApplyMapping.apply(frame=dyf, mappings=[('order', 'long', 'order_id', 'int'), ('price', 'string', 'price', 'double'), ('when', 'string', 'day', 'date')])
for _ in range(2):
    glue.write_dynamic_frame.from_options(frame=m, connection_type='s3', connection_options={'path': 's3://lake/curated/', 'partitionKeys': ['day']}, format='parquet')
out(spark.read.parquet('s3://lake/curated/').count())
`);
    expect(schema).toEqual([
      ['order', 'bigint'],
      ['price', 'string'],
      ['when', 'string'],
    ]);
    expect(count).toBe(4);
  });
});
