import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTriggerCommand,
  GetCrawlerCommand,
  GetJobRunsCommand,
  GetTableCommand,
  StartCrawlerCommand,
  StartJobRunCommand,
  StartTriggerCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';
import { createJob, startTriggersTestLakebox, waitForRuns } from './support.js';

describe('triggers start runs', () => {
  it('an ON_DEMAND trigger starts its job with the action arguments', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'load');
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'go',
        Type: 'ON_DEMAND',
        Actions: [{ JobName: 'load', Arguments: { '--day': '2026-01-01' }, Timeout: 10 }],
      }),
    );
    await t.glue.send(new StartTriggerCommand({ Name: 'go' }));
    const [run] = await waitForRuns(t.glue, 'load');
    expect(run).toMatchObject({ JobRunState: 'SUCCEEDED', Arguments: { '--day': '2026-01-01' }, Timeout: 10 });
  });

  it('a CONDITIONAL trigger chains jobs: b runs after a succeeds, c only if a fails', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'a');
    await createJob(t, 'b');
    await createJob(t, 'c');
    const after = (Name: string, State: 'SUCCEEDED' | 'FAILED', JobName: string) =>
      t.glue.send(
        new CreateTriggerCommand({
          Name,
          Type: 'CONDITIONAL',
          StartOnCreation: true,
          Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State }] },
          Actions: [{ JobName }],
        }),
      );
    await after('on-success', 'SUCCEEDED', 'b');
    await after('on-failure', 'FAILED', 'c');
    await t.glue.send(new StartJobRunCommand({ JobName: 'a' }));
    const [b] = await waitForRuns(t.glue, 'b');
    expect(b?.JobRunState).toBe('SUCCEEDED');
    expect((await t.glue.send(new GetJobRunsCommand({ JobName: 'c' }))).JobRuns).toEqual([]);
  });

  it('a CONDITIONAL trigger on a crawl starts a job when the crawl SUCCEEDS', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'after-crawl');
    await t.s3.send(new CreateBucketCommand({ Bucket: 'raw' }));
    await t.s3.send(
      new PutObjectCommand({ Bucket: 'raw', Key: 'events/part-0.csv', Body: 'id,kind\n1,click\n2,view\n' }),
    );
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'raw' } }));
    await t.glue.send(
      new CreateCrawlerCommand({
        Name: 'raw-crawler',
        Role: 'arn:aws:iam::000000000000:role/glue',
        DatabaseName: 'raw',
        Targets: { S3Targets: [{ Path: 's3://raw/events/' }] },
      }),
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'after-crawl',
        Type: 'CONDITIONAL',
        StartOnCreation: true,
        Predicate: {
          Conditions: [{ LogicalOperator: 'EQUALS', CrawlerName: 'raw-crawler', CrawlState: 'SUCCEEDED' }],
        },
        Actions: [{ JobName: 'after-crawl' }],
      }),
    );
    await t.glue.send(new StartCrawlerCommand({ Name: 'raw-crawler' }));
    const [run] = await waitForRuns(t.glue, 'after-crawl');
    expect(run?.JobRunState).toBe('SUCCEEDED');
  });

  it('a SCHEDULED trigger fires on its cron (the real clock: at the next minute boundary)', {
    timeout: 120_000,
  }, async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'tick');
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'every-minute',
        Type: 'SCHEDULED',
        Schedule: 'cron(* * * * ? *)',
        StartOnCreation: true,
        Actions: [{ JobName: 'tick' }],
      }),
    );
    const [run] = await waitForRuns(t.glue, 'tick', 1, 100_000);
    expect(run?.JobRunState).toBe('SUCCEEDED');
    expect(run?.StartedOn?.getUTCSeconds()).toBeLessThan(30);
  });

  it('the scheduler clock knob fires a daily cron without waiting for it', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'daily');
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'daily',
        Type: 'SCHEDULED',
        Schedule: 'cron(15 12 * * ? *)',
        StartOnCreation: true,
        Actions: [{ JobName: 'daily' }],
      }),
    );
    const tick = async (at: Date) => {
      const r = await fetch(`${t.endpoint}/_lakebox/triggers/scheduler/tick`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ at: at.toISOString() }),
      });
      return ((await r.json()) as { fired: string[] }).fired;
    };
    // The next 12:15 UTC after now, and a minute before it.
    const now = new Date();
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12, 15));
    if (due.getTime() <= now.getTime()) due.setUTCDate(due.getUTCDate() + 1);
    expect(await tick(new Date(due.getTime() - 60_000))).toEqual([]);
    expect(await tick(due)).toEqual(['daily']);
    expect(await tick(new Date(due.getTime() + 30_000))).toEqual([]);
    const [run] = await waitForRuns(t.glue, 'daily');
    expect(run?.JobRunState).toBe('SUCCEEDED');
  });
});

describe('triggers across a restart', () => {
  it('an ACTIVATED scheduled trigger in a data directory fires after a restart, with no trigger request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-triggers-restart-'));
    try {
      {
        await using t = await startTriggersTestLakebox({ dataDir });
        await createJob(t, 'nightly');
        await t.glue.send(
          new CreateTriggerCommand({
            Name: 'nightly',
            Type: 'SCHEDULED',
            Schedule: 'cron(0 2 * * ? *)',
            StartOnCreation: true,
            Actions: [{ JobName: 'nightly' }],
          }),
        );
      }
      await using t = await startTriggersTestLakebox({ dataDir, scriptsBucket: false });
      const now = new Date();
      const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2, 0));
      const r = await fetch(`${t.endpoint}/_lakebox/triggers/scheduler/tick`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ at: due.toISOString() }),
      });
      expect(await r.json()).toEqual({ fired: ['nightly'] });
      const [run] = await waitForRuns(t.glue, 'nightly');
      expect(run?.JobRunState).toBe('SUCCEEDED');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** bronze → silver: read the raw CSV, keep paid orders, write JSON lines per day into a Hive-style folder. */
const BRONZE_TO_SILVER = `
import csv, io, json, sys
import boto3

args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
s3 = boto3.client("s3")
raw = s3.get_object(Bucket="lake", Key="bronze/orders.csv")["Body"].read().decode()
by_day = {}
for row in csv.DictReader(io.StringIO(raw)):
    if row["status"] != "paid":
        continue
    by_day.setdefault(row["day"], []).append({"id": int(row["id"]), "customer": row["customer"], "amount": float(row["amount"])})
for day, rows in by_day.items():
    body = "".join(json.dumps(r) + "\\n" for r in rows)
    s3.put_object(Bucket="lake", Key=f"{args['--silver_prefix']}dt={day}/part-0000.json", Body=body.encode())
print("wrote", sum(len(r) for r in by_day.values()), "rows")
`;

describe('the pipeline, with no manual step', () => {
  it('job SUCCEEDS → conditional trigger starts the crawler → the table appears → Athena returns the rows', async () => {
    await using t = await startAthenaTestLakebox();
    await t.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await t.s3.send(new CreateBucketCommand({ Bucket: 'scripts' }));
    await t.s3.send(
      new PutObjectCommand({
        Bucket: 'lake',
        Key: 'bronze/orders.csv',
        Body: [
          'id,customer,amount,status,day',
          '1,ana,10.50,paid,2026-01-01',
          '2,bo,99.00,refunded,2026-01-01',
          '3,cy,5.25,paid,2026-01-01',
          '4,ana,20.00,paid,2026-01-02',
        ].join('\n'),
      }),
    );
    await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: 'bronze_to_silver.py', Body: BRONZE_TO_SILVER }));
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'silver' } }));
    await t.glue.send(
      new CreateJobCommand({
        Name: 'bronze-to-silver',
        Role: 'arn:aws:iam::000000000000:role/glue',
        Command: { Name: 'pythonshell', PythonVersion: '3.9', ScriptLocation: 's3://scripts/bronze_to_silver.py' },
        DefaultArguments: { '--silver_prefix': 'silver/orders/' },
      }),
    );
    await t.glue.send(
      new CreateCrawlerCommand({
        Name: 'silver-crawler',
        Role: 'arn:aws:iam::000000000000:role/glue',
        DatabaseName: 'silver',
        Targets: { S3Targets: [{ Path: 's3://lake/silver/orders/' }] },
      }),
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'crawl-after-silver',
        Type: 'CONDITIONAL',
        StartOnCreation: true,
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'bronze-to-silver', State: 'SUCCEEDED' }] },
        Actions: [{ CrawlerName: 'silver-crawler' }],
      }),
    );

    await t.glue.send(new StartJobRunCommand({ JobName: 'bronze-to-silver' }));
    const [run] = await waitForRuns(t.glue, 'bronze-to-silver');
    expect(run?.JobRunState).toBe('SUCCEEDED');

    // The crawl the trigger started: wait until it has finished once.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { Crawler } = await t.glue.send(new GetCrawlerCommand({ Name: 'silver-crawler' }));
      if (Crawler?.LastCrawl && Crawler.State === 'READY') {
        expect(Crawler.LastCrawl.Status).toBe('SUCCEEDED');
        break;
      }
      if (Date.now() > deadline) throw new Error(`crawler still ${Crawler?.State}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'silver', Name: 'orders' }));
    expect(Table?.PartitionKeys?.map((k) => k.Name)).toEqual(['dt']);

    const q = await runQuery(t, {
      QueryString: 'SELECT dt, count(*) AS n, sum(amount) AS total FROM silver.orders GROUP BY dt ORDER BY dt',
    });
    expect(q.Status?.State, q.Status?.StateChangeReason).toBe('SUCCEEDED');
    const { rows } = await allRows(t.athena, q.QueryExecutionId ?? '');
    expect(rows.map(values)).toEqual([
      ['dt', 'n', 'total'],
      ['2026-01-01', '2', '15.75'],
      ['2026-01-02', '1', '20.0'],
    ]);
  });
});
