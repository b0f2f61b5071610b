/**
 * Issue 5's "done means": the bronze -> silver pipeline written as Glue users write it, started with
 * StartJobRun through the SDK, its output registered in the catalog, and an Athena query over it returning
 * the aggregates of the same cleaning computed independently (test/glue-runtime/pipeline-data.ts).
 */
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTableCommand,
  GetJobRunCommand,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { bronzeCsv, expectedAggregates, PIPELINE_SCRIPT } from '../glue-runtime/pipeline-data.js';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR']);

describe('bronze -> silver pipeline', () => {
  it('StartJobRun runs the PySpark script; Athena over the registered output matches the cleaning', async () => {
    await using t = await startAthenaTestLakebox();
    for (const Bucket of ['scripts', 'acme-bronze', 'acme-silver'])
      await t.s3.send(new CreateBucketCommand({ Bucket }));
    const csv = bronzeCsv(5000);
    await t.s3.send(new PutObjectCommand({ Bucket: 'acme-bronze', Key: 'orders/2024-01.csv', Body: csv }));
    await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: 'clean_orders.py', Body: PIPELINE_SCRIPT }));

    await t.glue.send(
      new CreateJobCommand({
        Name: 'clean-orders',
        Role: 'arn:aws:iam::000000000000:role/glue',
        GlueVersion: '4.0',
        Command: { Name: 'glueetl', ScriptLocation: 's3://scripts/clean_orders.py', PythonVersion: '3' },
        DefaultArguments: { '--input_path': 's3://acme-bronze/orders/', '--job-language': 'python' },
      }),
    );
    const { JobRunId } = await t.glue.send(
      new StartJobRunCommand({ JobName: 'clean-orders', Arguments: { '--output_path': 's3://acme-silver/orders/' } }),
    );
    let state = '';
    let message: string | undefined;
    for (let i = 0; i < 3000 && !FINAL.has(state); i++) {
      const { JobRun } = await t.glue.send(new GetJobRunCommand({ JobName: 'clean-orders', RunId: JobRunId }));
      state = JobRun?.JobRunState ?? '';
      message = JobRun?.ErrorMessage;
      if (!FINAL.has(state)) await new Promise((r) => setTimeout(r, 20));
    }
    expect(message).toBeUndefined();
    expect(state).toBe('SUCCEEDED');

    // Register the output: a Parquet table partitioned by dt, one partition per folder the job wrote.
    const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: 'acme-silver', Prefix: 'orders/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    expect(keys).toContain('orders/_SUCCESS');
    const days = [...new Set(keys.flatMap((k) => /^orders\/dt=([^/]+)\//.exec(k)?.[1] ?? []))].sort();
    const parquet = {
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    };
    const columns = [
      { Name: 'order_id', Type: 'string' },
      { Name: 'customer', Type: 'string' },
      { Name: 'amount', Type: 'double' },
      { Name: 'quantity', Type: 'int' },
      { Name: 'total', Type: 'double' },
      { Name: 'order_ts', Type: 'timestamp' },
    ];
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'silver' } }));
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'silver',
        TableInput: {
          Name: 'orders',
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          StorageDescriptor: { Columns: columns, Location: 's3://acme-silver/orders/', ...parquet },
        },
      }),
    );
    await t.glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'silver',
        TableName: 'orders',
        PartitionInputList: days.map((dt) => ({
          Values: [dt],
          StorageDescriptor: { Columns: columns, Location: `s3://acme-silver/orders/dt=${dt}/`, ...parquet },
        })),
      }),
    );

    const q = await runQuery(t, {
      QueryString:
        'SELECT dt, count(*) AS orders, sum(total) AS total, count(DISTINCT customer) AS customers ' +
        'FROM silver.orders GROUP BY dt ORDER BY dt',
    });
    expect(q.Status?.StateChangeReason).toBeUndefined();
    expect(q.Status?.State).toBe('SUCCEEDED');
    const { rows } = await allRows(t.athena, q.QueryExecutionId ?? '');
    const got = rows.slice(1).map(values);
    const expected = expectedAggregates(csv);
    expect(got.map((r) => r[0])).toEqual([...expected.keys()].sort());
    for (const [dt, orders, total, customers] of got) {
      const e = expected.get(dt ?? '');
      expect({ dt, orders: Number(orders), customers: Number(customers) }).toEqual({
        dt,
        orders: e?.orders,
        customers: e?.customers,
      });
      expect(Math.abs(Number(total) - (e?.total ?? Number.NaN))).toBeLessThan(0.01);
    }
    const kept = [...expected.values()].reduce((n, d) => n + d.orders, 0);
    expect(kept).toBeGreaterThan(3000);
    expect(kept).toBeLessThan(5000);
  });
});
