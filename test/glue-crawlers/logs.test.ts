/**
 * Crawl logs through CloudWatch Logs: group `/aws-glue/crawlers`, one stream per crawler, each crawl appending
 * lines prefixed with its MessagePrefix, read with the CloudWatch Logs SDK client.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteCrawlerCommand } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, TEST_CREDENTIALS, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';
import { crawl, createCrawler, createDatabase, ensureBucket, put } from './support.js';

const GROUP = '/aws-glue/crawlers';

interface LogsTestLakebox extends TestLakebox {
  s3: S3Client;
  logs: CloudWatchLogsClient;
}

async function start(): Promise<LogsTestLakebox> {
  const base = await startTestLakebox();
  const s3 = s3Client(base);
  const logs = new CloudWatchLogsClient({
    endpoint: base.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return {
    ...base,
    s3,
    logs,
    async [Symbol.asyncDispose]() {
      s3.destroy();
      logs.destroy();
      await base[Symbol.asyncDispose]();
    },
  };
}

async function messages(t: LogsTestLakebox, stream: string): Promise<string[]> {
  const out = await t.logs.send(
    new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }),
  );
  return (out.events ?? []).map((e) => e.message ?? '');
}

const notFound = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

describe('crawler logs through CloudWatch Logs', () => {
  it('writes what Glue writes, one stream per crawler, each crawl appending under its MessagePrefix', async () => {
    await using t = await start();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://data/orders/dt=2024-01-01/a.csv', 'id,amount\n1,2.5\n');
    await put(t.s3, 's3://data/orders/dt=2024-01-02/a.csv', 'id,amount\n2,3.5\n');
    await createCrawler(t.glue, 'sales', 'lake', ['s3://data/orders/']);

    const first = await crawl(t.glue, 'sales');
    expect(first.LastCrawl).toMatchObject({ Status: 'SUCCEEDED', LogGroup: GROUP, LogStream: 'sales' });
    const p1 = `[${first.LastCrawl?.MessagePrefix}]`;
    expect(await messages(t, 'sales')).toEqual([
      `${p1} BENCHMARK : Running Start Crawl for Crawler sales`,
      `${p1} BENCHMARK : Classification complete, writing results to database lake`,
      `${p1} INFO : Crawler configured with SchemaChangePolicy {"UpdateBehavior":"UPDATE_IN_DATABASE","DeleteBehavior":"DEPRECATE_IN_DATABASE"}.`,
      `${p1} INFO : Created table orders in database lake`,
      `${p1} INFO : Adding partitions [2024-01-01], [2024-01-02] to table orders in database lake`,
      `${p1} BENCHMARK : Finished writing to Catalog`,
      `${p1} INFO : Run Summary For PARTITION:`,
      `${p1} INFO : ADD: 2`,
      `${p1} INFO : Run Summary For TABLE:`,
      `${p1} INFO : ADD: 1`,
      `${p1} BENCHMARK : Crawler has finished running and is in state READY`,
    ]);

    // A second crawl appends to the same stream under its own prefix.
    await put(t.s3, 's3://data/orders/dt=2024-01-03/a.csv', 'id,amount\n3,4.5\n');
    const second = await crawl(t.glue, 'sales');
    const p2 = `[${second.LastCrawl?.MessagePrefix}]`;
    expect(p2).not.toBe(p1);
    const all = await messages(t, 'sales');
    expect(all).toHaveLength(11 + 11);
    // The console reads the same stream from lakebox's own route.
    const res = await fetch(`${t.endpoint}/_lakebox/crawlers/logs?crawler=sales`);
    const body = (await res.json()) as { events: { message: string }[] };
    expect(body.events.map((e) => e.message)).toEqual(all);
    expect(all.slice(11)).toEqual([
      `${p2} BENCHMARK : Running Start Crawl for Crawler sales`,
      `${p2} BENCHMARK : Classification complete, writing results to database lake`,
      `${p2} INFO : Crawler configured with SchemaChangePolicy {"UpdateBehavior":"UPDATE_IN_DATABASE","DeleteBehavior":"DEPRECATE_IN_DATABASE"}.`,
      // the table's object counts changed: a new table version, as the crawl summary reports
      `${p2} INFO : Updated table orders in database lake`,
      `${p2} INFO : Adding partitions [2024-01-03] to table orders in database lake`,
      `${p2} BENCHMARK : Finished writing to Catalog`,
      `${p2} INFO : Run Summary For PARTITION:`,
      `${p2} INFO : ADD: 1`,
      `${p2} INFO : Run Summary For TABLE:`,
      `${p2} INFO : UPDATE: 1`,
      `${p2} BENCHMARK : Crawler has finished running and is in state READY`,
    ]);

    // Paging as for the job groups: forward pages end on an unchanged token; newest first without startFromHead.
    const pages: number[] = [];
    for await (const page of paginateGetLogEvents(
      { client: t.logs, stopOnSameToken: true },
      { logGroupName: GROUP, logStreamName: 'sales', startFromHead: true, limit: 8 },
    )) {
      pages.push(page.events?.length ?? 0);
    }
    expect(pages).toEqual([8, 8, 6, 0]);
    const tail = await t.logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'sales', limit: 1 }));
    expect(tail.events?.map((e) => e.message)).toEqual([
      `${p2} BENCHMARK : Crawler has finished running and is in state READY`,
    ]);

    // FilterLogEvents finds a term across crawls; a crawl's prefix selects its lines.
    const found = await t.logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'Adding partitions' }),
    );
    expect(found.events?.map((e) => [e.logStreamName, e.message])).toEqual([
      ['sales', `${p1} INFO : Adding partitions [2024-01-01], [2024-01-02] to table orders in database lake`],
      ['sales', `${p2} INFO : Adding partitions [2024-01-03] to table orders in database lake`],
    ]);
    const ofSecond = await t.logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: ['sales'], filterPattern: `"${p2}" ADD` }),
    );
    expect(ofSecond.events?.map((e) => e.message)).toEqual([`${p2} INFO : ADD: 1`]);

    // Unknown streams are not found; the group is listed with its stream.
    await notFound(t.logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope' })));
    await notFound(t.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws-glue/nope' })));
    const groups = await t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws-glue/' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    const streams = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual(['sales']);
    expect(streams.logStreams?.[0]?.lastEventTimestamp).toBeGreaterThanOrEqual(
      streams.logStreams?.[0]?.firstEventTimestamp ?? Number.POSITIVE_INFINITY,
    );
  });

  it('logs a failed crawl with its error; keeps logs after DeleteCrawler; a reset removes them', async () => {
    await using t = await start();
    expect((await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    await notFound(t.logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'broken' })));
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'broken', 'lake', ['s3://missing-bucket/x/']);
    const failed = await crawl(t.glue, 'broken');
    expect(failed.LastCrawl?.Status).toBe('FAILED');
    const p = `[${failed.LastCrawl?.MessagePrefix}]`;
    expect(await messages(t, 'broken')).toEqual([
      `${p} BENCHMARK : Running Start Crawl for Crawler broken`,
      `${p} ERROR : ${failed.LastCrawl?.ErrorMessage}`,
      `${p} BENCHMARK : Crawler has finished running and is in state READY`,
    ]);
    const errors = await t.logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: 'ERROR' }));
    expect(errors.events?.map((e) => e.message)).toEqual([`${p} ERROR : ${failed.LastCrawl?.ErrorMessage}`]);

    await t.glue.send(new DeleteCrawlerCommand({ Name: 'broken' }));
    expect(await messages(t, 'broken')).toHaveLength(3);

    const res = await fetch(`${t.endpoint}/_lakebox/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    await notFound(t.logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'broken' })));
    expect((await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });

  it('keeps crawlers whose names differ only in case or hold odd characters in streams of their own', async () => {
    await using t = await start();
    await createDatabase(t.glue, 'lake');
    await ensureBucket(t.s3, 'data');
    await put(t.s3, 's3://data/t/a.csv', 'a,b\n1,2\n');
    const names = ['Sales', 'sales', 'daily.Sales/v2 (eu)', 'x'.repeat(120) + 'Y'.repeat(100)];
    for (const name of names) {
      await createCrawler(t.glue, name, 'lake', ['s3://data/t/'], { TablePrefix: `p${names.indexOf(name)}_` });
      await crawl(t.glue, name);
    }
    const streams = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([...names].sort());
    for (const name of names) {
      const lines = await messages(t, name);
      expect(lines[0]).toMatch(new RegExp(`BENCHMARK : Running Start Crawl for Crawler ${escapeRegExp(name)}$`));
      expect(lines.filter((l) => l.includes('Running Start Crawl'))).toHaveLength(1);
    }
    const prefixed = await t.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: 's' }),
    );
    expect(prefixed.logStreams?.map((s) => s.logStreamName)).toEqual(['sales']);

    // Streams belong to the account and region that crawled.
    const other = new CloudWatchLogsClient({
      endpoint: t.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: '111111111111', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      await notFound(other.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'sales' })));
      expect((await other.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }))).logStreams).toEqual([]);
    } finally {
      other.destroy();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
