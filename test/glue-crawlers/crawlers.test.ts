/** The crawler API through the SDK: what GetCrawler answers, updates, listings, tags, schedules, errors. */
import {
  BatchGetCrawlersCommand,
  CreateCrawlerCommand,
  DeleteCrawlerCommand,
  GetCrawlerCommand,
  GetCrawlerMetricsCommand,
  GetCrawlersCommand,
  GetTagsCommand,
  ListCrawlersCommand,
  ListCrawlsCommand,
  StartCrawlerCommand,
  StartCrawlerScheduleCommand,
  StopCrawlerCommand,
  StopCrawlerScheduleCommand,
  TagResourceCommand,
  UpdateCrawlerCommand,
  UpdateCrawlerScheduleCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';
import { startTestLakebox } from '../support/lakebox.js';
import { crawl, createCrawler, createDatabase, put } from './support.js';

const EMPTY_TARGETS = {
  JdbcTargets: [],
  MongoDBTargets: [],
  DynamoDBTargets: [],
  CatalogTargets: [],
  DeltaTargets: [],
  IcebergTargets: [],
  HudiTargets: [],
};

describe('crawler API', () => {
  it('GetCrawler answers the input with Glue defaults and nothing invented', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateCrawlerCommand({
        Name: 'MyCrawler',
        Role: 'arn:aws:iam::000000000000:role/service-role/GlueRole',
        DatabaseName: 'lake',
        Targets: { S3Targets: [{ Path: 's3://b/p/' }] },
      }),
    );
    const { Crawler: c } = await t.glue.send(new GetCrawlerCommand({ Name: 'MyCrawler' }));
    const { CreationTime, LastUpdated, ...rest } = c ?? {};
    expect(CreationTime).toBeInstanceOf(Date);
    expect(LastUpdated).toEqual(CreationTime);
    expect(rest).toEqual({
      Name: 'MyCrawler',
      Role: 'service-role/GlueRole',
      Targets: { S3Targets: [{ Path: 's3://b/p/', Exclusions: [] }], ...EMPTY_TARGETS },
      DatabaseName: 'lake',
      Classifiers: [],
      RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
      SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
      LineageConfiguration: { CrawlerLineageSettings: 'DISABLE' },
      LakeFormationConfiguration: { UseLakeFormationCredentials: false, AccountId: '' },
      State: 'READY',
      CrawlElapsedTime: 0,
      Version: 1,
    });
  });

  it('UpdateCrawler changes what it is given, bumps Version; empty Schedule/Configuration/TablePrefix remove them', async () => {
    await using t = await startTestLakebox();
    await createCrawler(t.glue, 'c', 'lake', ['s3://b/p/'], {
      Schedule: 'cron(0 12 * * ? *)',
      TablePrefix: 'raw_',
      Configuration: '{"Version":1.0,"Grouping":{"TableGroupingPolicy":"CombineCompatibleSchemas"}}',
      Description: 'd',
    });
    const created = (await t.glue.send(new GetCrawlerCommand({ Name: 'c' }))).Crawler;
    expect(created?.Schedule).toEqual({ ScheduleExpression: 'cron(0 12 * * ? *)', State: 'SCHEDULED' });
    await t.glue.send(
      new UpdateCrawlerCommand({
        Name: 'c',
        Description: 'new',
        Schedule: '',
        Configuration: '',
        TablePrefix: '',
        Targets: { S3Targets: [{ Path: 's3://b/q/', Exclusions: ['**.tmp'] }] },
      }),
    );
    const { Crawler: c } = await t.glue.send(new GetCrawlerCommand({ Name: 'c' }));
    expect(c).toMatchObject({
      Description: 'new',
      Version: 2,
      DatabaseName: 'lake',
      Role: 'service-role/AWSGlueServiceRole-test',
      Targets: { S3Targets: [{ Path: 's3://b/q/', Exclusions: ['**.tmp'] }] },
    });
    expect(c?.Schedule).toBeUndefined();
    expect(c?.Configuration).toBeUndefined();
    expect(c?.TablePrefix).toBeUndefined();
    expect(c?.CreationTime).toEqual(created?.CreationTime);
  });

  it('GetCrawlers, ListCrawlers (with a Tags filter and pages), BatchGetCrawlers, tags, DeleteCrawler', async () => {
    await using t = await startTestLakebox();
    for (const name of ['a', 'b', 'c']) {
      await createCrawler(t.glue, name, 'lake', ['s3://b/p/'], name === 'b' ? { Tags: { team: 'x' } } : {});
    }
    const all = await t.glue.send(new GetCrawlersCommand({}));
    expect(all.Crawlers?.map((c) => c.Name)).toEqual(['a', 'b', 'c']);
    const first = await t.glue.send(new ListCrawlersCommand({ MaxResults: 2 }));
    expect(first.CrawlerNames).toEqual(['a', 'b']);
    const second = await t.glue.send(new ListCrawlersCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second).toMatchObject({ CrawlerNames: ['c'] });
    expect(second.NextToken).toBeUndefined();
    expect((await t.glue.send(new ListCrawlersCommand({ Tags: { team: 'x' } }))).CrawlerNames).toEqual(['b']);

    const arn = 'arn:aws:glue:us-east-1:000000000000:crawler/c';
    await t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { team: 'x' } }));
    expect((await t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'x' });
    expect((await t.glue.send(new ListCrawlersCommand({ Tags: { team: 'x' } }))).CrawlerNames).toEqual(['b', 'c']);

    const batch = await t.glue.send(new BatchGetCrawlersCommand({ CrawlerNames: ['a', 'nope'] }));
    expect(batch.Crawlers?.map((c) => c.Name)).toEqual(['a']);
    expect(batch.CrawlersNotFound).toEqual(['nope']);

    await t.glue.send(new DeleteCrawlerCommand({ Name: 'c' }));
    await expect(t.glue.send(new GetCrawlerCommand({ Name: 'c' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await expect(t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });

  it('errors: not found, already exists, no targets, CRAWL_NEW_FOLDERS_ONLY without LOG, not running', async () => {
    await using t = await startTestLakebox();
    const missing = { name: 'EntityNotFoundException' };
    await expect(t.glue.send(new GetCrawlerCommand({ Name: 'x' }))).rejects.toMatchObject(missing);
    await expect(t.glue.send(new StartCrawlerCommand({ Name: 'x' }))).rejects.toMatchObject(missing);
    await expect(t.glue.send(new DeleteCrawlerCommand({ Name: 'x' }))).rejects.toMatchObject(missing);
    await expect(t.glue.send(new ListCrawlsCommand({ CrawlerName: 'x' }))).rejects.toMatchObject(missing);
    await createCrawler(t.glue, 'c', 'lake', ['s3://b/p/']);
    await expect(createCrawler(t.glue, 'c', 'lake', ['s3://b/p/'])).rejects.toMatchObject({
      name: 'AlreadyExistsException',
    });
    await expect(createCrawler(t.glue, 'd', 'lake', [])).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      createCrawler(t.glue, 'e', 'lake', ['s3://b/p/'], {
        RecrawlPolicy: { RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      }),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      createCrawler(t.glue, 'f', 'lake', ['s3://b/p/'], { Configuration: '{not json' }),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(t.glue.send(new StopCrawlerCommand({ Name: 'c' }))).rejects.toMatchObject({
      name: 'CrawlerNotRunningException',
    });
  });

  it('a bad target fails the crawl with LastCrawl FAILED and its message; so does a missing database', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await createCrawler(t.glue, 'nobucket', 'lake', ['s3://no-such-bucket/x/']);
    const failed = await crawl(t.glue, 'nobucket');
    expect(failed.LastCrawl).toMatchObject({
      Status: 'FAILED',
      ErrorMessage: expect.stringContaining('no-such-bucket'),
    });
    await createCrawler(t.glue, 'notS3', 'lake', ['hdfs://x/y']);
    expect((await crawl(t.glue, 'notS3')).LastCrawl?.Status).toBe('FAILED');
    await put(t.s3, 's3://data/t/a.csv', 'a,b\n1,2\n');
    await createCrawler(t.glue, 'nodb', 'missing_db', ['s3://data/t/']);
    const nodb = await crawl(t.glue, 'nodb');
    expect(nodb.LastCrawl).toMatchObject({ Status: 'FAILED', ErrorMessage: expect.stringContaining('missing_db') });
    const crawls = await t.glue.send(new ListCrawlsCommand({ CrawlerName: 'nodb' }));
    expect(crawls.Crawls?.map((c) => [c.State, c.ErrorMessage !== undefined])).toEqual([['FAILED', true]]);
  });

  it('ListCrawls (newest first, filters) and GetCrawlerMetrics after crawls', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://data/t/a.csv', 'a,b\n1,2\n');
    await createCrawler(t.glue, 'c', 'lake', ['s3://data/t/']);
    const first = await crawl(t.glue, 'c');
    const second = await crawl(t.glue, 'c');
    const { Crawls } = await t.glue.send(new ListCrawlsCommand({ CrawlerName: 'c' }));
    expect(Crawls?.map((c) => c.CrawlId)).toEqual([second.LastCrawl?.MessagePrefix, first.LastCrawl?.MessagePrefix]);
    expect(Crawls?.[1]).toMatchObject({
      State: 'COMPLETED',
      LogGroup: '/aws-glue/crawlers',
      LogStream: 'c',
      DPUHour: 0,
      Summary: JSON.stringify({ TABLE: { ADD: { Count: 1 } }, PARTITION: {} }),
    });
    expect(Crawls?.[1]?.EndTime?.getTime()).toBeGreaterThanOrEqual(Crawls?.[1]?.StartTime?.getTime() ?? 0);
    const byId = await t.glue.send(
      new ListCrawlsCommand({
        CrawlerName: 'c',
        Filters: [{ FieldName: 'CRAWL_ID', FilterOperator: 'EQ', FieldValue: first.LastCrawl?.MessagePrefix }],
      }),
    );
    expect(byId.Crawls?.map((c) => c.CrawlId)).toEqual([first.LastCrawl?.MessagePrefix]);
    const running = await t.glue.send(
      new ListCrawlsCommand({
        CrawlerName: 'c',
        Filters: [{ FieldName: 'STATE', FilterOperator: 'EQ', FieldValue: 'RUNNING' }],
      }),
    );
    expect(running.Crawls).toEqual([]);
    const paged = await t.glue.send(new ListCrawlsCommand({ CrawlerName: 'c', MaxResults: 1 }));
    expect(paged.Crawls).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();

    const { CrawlerMetricsList } = await t.glue.send(new GetCrawlerMetricsCommand({ CrawlerNameList: ['c'] }));
    expect(CrawlerMetricsList).toEqual([
      {
        CrawlerName: 'c',
        TimeLeftSeconds: 0,
        StillEstimating: false,
        LastRuntimeSeconds: expect.any(Number),
        MedianRuntimeSeconds: expect.any(Number),
        TablesCreated: 0,
        TablesUpdated: 0,
        TablesDeleted: 0,
      },
    ]);
  });

  it('crawler schedules: UpdateCrawlerSchedule, Stop/StartCrawlerSchedule and their errors', async () => {
    await using t = await startTestLakebox();
    await createCrawler(t.glue, 'c', 'lake', ['s3://b/p/']);
    await expect(t.glue.send(new StartCrawlerScheduleCommand({ CrawlerName: 'c' }))).rejects.toMatchObject({
      name: 'NoScheduleException',
    });
    await t.glue.send(new UpdateCrawlerScheduleCommand({ CrawlerName: 'c', Schedule: 'cron(15 * * * ? *)' }));
    const get = async () => (await t.glue.send(new GetCrawlerCommand({ Name: 'c' }))).Crawler?.Schedule;
    expect(await get()).toEqual({ ScheduleExpression: 'cron(15 * * * ? *)', State: 'SCHEDULED' });
    await expect(t.glue.send(new StartCrawlerScheduleCommand({ CrawlerName: 'c' }))).rejects.toMatchObject({
      name: 'SchedulerRunningException',
    });
    await t.glue.send(new StopCrawlerScheduleCommand({ CrawlerName: 'c' }));
    expect(await get()).toEqual({ ScheduleExpression: 'cron(15 * * * ? *)', State: 'NOT_SCHEDULED' });
    await expect(t.glue.send(new StopCrawlerScheduleCommand({ CrawlerName: 'c' }))).rejects.toMatchObject({
      name: 'SchedulerNotRunningException',
    });
    await t.glue.send(new StartCrawlerScheduleCommand({ CrawlerName: 'c' }));
    expect((await get())?.State).toBe('SCHEDULED');
    await expect(
      t.glue.send(new UpdateCrawlerScheduleCommand({ CrawlerName: 'c', Schedule: 'every day' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });
});
