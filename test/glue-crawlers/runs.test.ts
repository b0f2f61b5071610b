/**
 * Crawl states in process, where the order of events is certain: StartCrawler returns with the crawler
 * RUNNING and the crawl not yet begun, so a second StartCrawler or a StopCrawler meets it RUNNING. These call
 * the operations as other modules do (contract 1: `crawlerOperations.X(ctx, input)`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lakebox, OpContext } from '../../packages/emulator/src/context.js';
import { LakeboxEvents, type RunStateEvent } from '../../packages/emulator/src/events.js';
import { createDatabase } from '../../packages/emulator/src/glue/catalog/databases.js';
import { readCrawlerLog } from '../../packages/emulator/src/glue/crawlers/crawl-log.js';
import { crawlerOperations as ops } from '../../packages/emulator/src/glue/crawlers/operations.js';
import { createBucket } from '../../packages/emulator/src/s3/buckets.js';
import { putObjectBytes } from '../../packages/emulator/src/s3/object-store.js';
import { openDb } from '../../packages/emulator/src/store/sqlite.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

function harness() {
  const rootDir = mkdtempSync(join(tmpdir(), 'lakebox-crawler-'));
  const lakebox: Lakebox = {
    db: openDb(':memory:'),
    dataDir: undefined,
    rootDir,
    defaultAccountId: ACCOUNT,
    onStop: [],
    onReset: [],
    endpoint: '',
    events: new LakeboxEvents(),
  };
  const ctx = (): OpContext => ({
    lakebox,
    db: lakebox.db,
    account: ACCOUNT,
    region: REGION,
    requestId: 'r',
    now: new Date(),
  });
  const events: RunStateEvent[] = [];
  lakebox.events.on('runState', (e) => events.push(e));
  createBucket(lakebox, { name: 'data', account: ACCOUNT, region: REGION });
  putObjectBytes(lakebox, { bucket: 'data', key: 't/a.csv', body: 'a,b\n1,2\n' });
  createDatabase(ctx(), { DatabaseInput: { Name: 'lake' } });
  ops.CreateCrawler(ctx(), {
    Name: 'c',
    Role: 'r',
    DatabaseName: 'lake',
    Targets: { S3Targets: [{ Path: 's3://data/t/' }] },
  });
  /** Wait until the crawl reported its final state. */
  const finished = () =>
    new Promise<RunStateEvent>((resolve) => {
      const done = events.find((e) => e.state !== 'RUNNING');
      if (done) return resolve(done);
      lakebox.events.on('runState', (e) => {
        if (e.state !== 'RUNNING') resolve(e);
      });
    });
  return {
    lakebox,
    ctx,
    events,
    finished,
    async [Symbol.asyncDispose]() {
      for (const hook of lakebox.onStop.reverse()) await hook();
      lakebox.db.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

const stateOf = async (h: ReturnType<typeof harness>) => (await ops.GetCrawler(h.ctx(), { Name: 'c' })).Crawler;

describe('crawl states', () => {
  it('READY → RUNNING → READY with SUCCEEDED; StartCrawler while RUNNING is CrawlerRunningException; events', async () => {
    await using h = harness();
    ops.StartCrawler(h.ctx(), { Name: 'c' });
    expect((await stateOf(h))?.State).toBe('RUNNING');
    expect(() => ops.StartCrawler(h.ctx(), { Name: 'c' })).toThrow(
      expect.objectContaining({ code: 'CrawlerRunningException' }),
    );
    expect(() => ops.UpdateCrawler(h.ctx(), { Name: 'c', Description: 'x' })).toThrow(
      expect.objectContaining({ code: 'CrawlerRunningException' }),
    );
    expect(() => ops.DeleteCrawler(h.ctx(), { Name: 'c' })).toThrow(
      expect.objectContaining({ code: 'CrawlerRunningException' }),
    );
    const runs = await ops.ListCrawls(h.ctx(), { CrawlerName: 'c' });
    expect(runs.Crawls?.map((c) => c.State)).toEqual(['RUNNING']);
    const end = await h.finished();
    const crawler = await stateOf(h);
    expect(crawler).toMatchObject({ State: 'READY', CrawlElapsedTime: 0, LastCrawl: { Status: 'SUCCEEDED' } });
    const crawlId = runs.Crawls?.[0]?.CrawlId;
    expect(h.events.map((e) => [e.kind, e.name, e.runId, e.state, e.account, e.region])).toEqual([
      ['crawler', 'c', crawlId, 'RUNNING', ACCOUNT, REGION],
      ['crawler', 'c', crawlId, 'SUCCEEDED', ACCOUNT, REGION],
    ]);
    expect(end.state).toBe('SUCCEEDED');
    expect(crawler?.LastCrawl?.MessagePrefix).toBe(crawlId);
  });

  it('StopCrawler: STOPPING (a second stop is CrawlerStoppingException), then READY with CANCELLED and nothing written', async () => {
    await using h = harness();
    ops.StartCrawler(h.ctx(), { Name: 'c' });
    ops.StopCrawler(h.ctx(), { Name: 'c' });
    expect((await stateOf(h))?.State).toBe('STOPPING');
    expect(() => ops.StopCrawler(h.ctx(), { Name: 'c' })).toThrow(
      expect.objectContaining({ code: 'CrawlerStoppingException' }),
    );
    expect(() => ops.StartCrawler(h.ctx(), { Name: 'c' })).toThrow(
      expect.objectContaining({ code: 'CrawlerRunningException' }),
    );
    expect((await h.finished()).state).toBe('CANCELLED');
    expect((await stateOf(h))?.LastCrawl?.Status).toBe('CANCELLED');
    const runs = await ops.ListCrawls(h.ctx(), { CrawlerName: 'c' });
    expect(runs.Crawls?.map((c) => c.State)).toEqual(['STOPPED']);
    const tables = h.lakebox.db.prepare('SELECT count(*) AS n FROM glue_tables').get() as { n: number };
    expect(tables.n).toBe(0);
    const id = runs.Crawls?.[0]?.CrawlId;
    expect(readCrawlerLog(h.lakebox, { account: ACCOUNT, region: REGION }, 'c')?.map((e) => e.message)).toEqual([
      `[${id}] BENCHMARK : Running Start Crawl for Crawler c`,
      `[${id}] INFO : Crawler was stopped (StopCrawler): the catalog was not changed.`,
      `[${id}] BENCHMARK : Crawler has finished running and is in state READY`,
    ]);
  });

  it('a crawl left RUNNING by a stopped lakebox reads as FAILED afterwards', async () => {
    await using h = harness();
    // What a crash leaves: the row says RUNNING and no crawl runs in this process.
    const row = h.lakebox.db.prepare("SELECT doc FROM glue_crawlers WHERE name = 'c'").get() as { doc: string };
    const doc = JSON.parse(row.doc) as { crawler: { State: string }; current?: unknown };
    doc.crawler.State = 'RUNNING';
    doc.current = { crawlId: 'lost', startMs: Date.now() };
    h.lakebox.db
      .prepare("UPDATE glue_crawlers SET state = 'RUNNING', doc = ? WHERE name = 'c'")
      .run(JSON.stringify(doc));
    const fresh: Lakebox = { ...h.lakebox, onStop: [], onReset: [] };
    const ctx = { ...h.ctx(), lakebox: fresh };
    const { Crawler } = await ops.GetCrawler(ctx, { Name: 'c' });
    expect(Crawler).toMatchObject({ State: 'READY', LastCrawl: { Status: 'FAILED', MessagePrefix: 'lost' } });
    expect(readCrawlerLog(fresh, { account: ACCOUNT, region: REGION }, 'c')?.map((e) => e.message)).toEqual([
      '[lost] ERROR : The crawl was interrupted: lakebox stopped while it ran.',
      '[lost] BENCHMARK : Crawler has finished running and is in state READY',
    ]);
  });
});
