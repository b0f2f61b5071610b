/**
 * Issue 6's "done means", with issue 5's bronze → silver Glue ETL script (test/glue-runtime/pipeline-data.ts):
 * the job run SUCCEEDS → a CONDITIONAL trigger starts the crawler → the crawler registers the silver table
 * and its partitions → an Athena query returns the aggregates of the same cleaning computed independently.
 * Nothing is registered by hand.
 */
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTriggerCommand,
  GetCrawlerCommand,
  GetPartitionsCommand,
  GetTableCommand,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { bronzeCsv, expectedAggregates, PIPELINE_SCRIPT } from '../glue-runtime/pipeline-data.js';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';
import { waitForRuns } from './support.js';

describe('bronze → silver → crawler → Athena, chained by a trigger', () => {
  it('runs the whole pipeline from one StartJobRun', { timeout: 180_000 }, async () => {
    await using t = await startAthenaTestLakebox();
    for (const Bucket of ['scripts', 'acme-bronze', 'acme-silver'])
      await t.s3.send(new CreateBucketCommand({ Bucket }));
    const csv = bronzeCsv(2000);
    await t.s3.send(new PutObjectCommand({ Bucket: 'acme-bronze', Key: 'orders/2024-01.csv', Body: csv }));
    await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: 'clean_orders.py', Body: PIPELINE_SCRIPT }));
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'silver' } }));
    await t.glue.send(
      new CreateJobCommand({
        Name: 'clean-orders',
        Role: 'arn:aws:iam::000000000000:role/glue',
        GlueVersion: '4.0',
        Command: { Name: 'glueetl', ScriptLocation: 's3://scripts/clean_orders.py', PythonVersion: '3' },
        DefaultArguments: {
          '--input_path': 's3://acme-bronze/orders/',
          '--output_path': 's3://acme-silver/orders/',
        },
      }),
    );
    await t.glue.send(
      new CreateCrawlerCommand({
        Name: 'silver-orders',
        Role: 'arn:aws:iam::000000000000:role/glue',
        DatabaseName: 'silver',
        Targets: { S3Targets: [{ Path: 's3://acme-silver/orders/' }] },
      }),
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'crawl-silver',
        Type: 'CONDITIONAL',
        StartOnCreation: true,
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'clean-orders', State: 'SUCCEEDED' }] },
        Actions: [{ CrawlerName: 'silver-orders' }],
      }),
    );

    await t.glue.send(new StartJobRunCommand({ JobName: 'clean-orders' }));
    const [run] = await waitForRuns(t.glue, 'clean-orders', 1, 120_000);
    expect(run?.ErrorMessage).toBeUndefined();
    expect(run?.JobRunState).toBe('SUCCEEDED');

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { Crawler } = await t.glue.send(new GetCrawlerCommand({ Name: 'silver-orders' }));
      if (Crawler?.LastCrawl && Crawler.State === 'READY') {
        expect(Crawler.LastCrawl).toMatchObject({ Status: 'SUCCEEDED' });
        break;
      }
      if (Date.now() > deadline) throw new Error(`crawler still ${Crawler?.State}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const expected = expectedAggregates(csv);
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'silver', Name: 'orders' }));
    expect(Table?.PartitionKeys?.map((k) => k.Name)).toEqual(['dt']);
    expect(Table?.Parameters?.['classification']).toBe('parquet');
    const { Partitions = [] } = await t.glue.send(
      new GetPartitionsCommand({ DatabaseName: 'silver', TableName: 'orders' }),
    );
    expect(Partitions.map((p) => p.Values?.[0]).sort()).toEqual([...expected.keys()].sort());

    const q = await runQuery(t, {
      QueryString:
        'SELECT dt, count(*) AS orders, sum(total) AS total, count(DISTINCT customer) AS customers ' +
        'FROM silver.orders GROUP BY dt ORDER BY dt',
    });
    expect(q.Status?.StateChangeReason).toBeUndefined();
    expect(q.Status?.State).toBe('SUCCEEDED');
    const { rows } = await allRows(t.athena, q.QueryExecutionId ?? '');
    const got = rows.slice(1).map(values);
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
  });
});
