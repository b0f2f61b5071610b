/**
 * Crawler benchmark: `pnpm bench:crawler` (or `tsx bench/crawler.ts`) from the repository root.
 *
 * Builds the emulator, starts `lakebox serve` as a child process, generates the Athena bench's sales data
 * set with DuckDB (10M rows as Hive-partitioned Parquet, 365 daily `dt=` folders, one file each), uploads
 * it through S3, then times crawls of it through Glue: StartCrawler until GetCrawler shows the crawler
 * READY again with this crawl as its LastCrawl (polled every 10 ms).
 *
 * - first crawl: the database is dropped and re-created before each run, so every run reads 365 Parquet
 *   footers and registers the table and its 365 partitions. Target: median under 3 s.
 * - re-crawl: the same crawler over unchanged data (reads every footer, writes nothing).
 *
 * Options: --json, --quick (1,000,000 rows), --rows <n> (default 10,000,000), --runs <n> (default 5).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  DeleteDatabaseCommand,
  GetCrawlerCommand,
  GetPartitionsCommand,
  type GlueClient,
  StartCrawlerCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSales, PARTITION_DAYS } from './athena/dataset.js';
import { makeClients } from './athena/setup.js';
import { buildEmulator } from './lib/build.js';
import { freePort, makeTempDir, removeTempDir, runBench, spawnServer } from './lib/child-server.js';
import { runPool } from './lib/pool.js';
import { machineMeta, type Report, renderJson, renderText, section } from './lib/report.js';
import { median } from './lib/stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WATCHDOG_MS = 15 * 60_000;
const FULL_ROWS = 10_000_000;
const QUICK_ROWS = 1_000_000;
const BUCKET = 'bench-data';
const PREFIX = 'sales/';
const DATABASE = 'crawled';
const CRAWLER = 'sales-crawler';
const POLL_MS = 10;
/** The target the issue sets for crawling the 365 partitions. */
const TARGET_MS = 3000;

/** Start a crawl and wait for the crawler to be READY with it as LastCrawl; the wall time in ms. */
async function timedCrawl(glue: GlueClient): Promise<number> {
  const before = (await glue.send(new GetCrawlerCommand({ Name: CRAWLER }))).Crawler?.LastCrawl?.MessagePrefix;
  const started = performance.now();
  await glue.send(new StartCrawlerCommand({ Name: CRAWLER }));
  for (;;) {
    const { Crawler: c } = await glue.send(new GetCrawlerCommand({ Name: CRAWLER }));
    if (c?.State === 'READY' && c.LastCrawl?.MessagePrefix !== before) {
      const ms = performance.now() - started;
      if (c.LastCrawl?.Status !== 'SUCCEEDED')
        throw new Error(`crawl ${c.LastCrawl?.Status}: ${c.LastCrawl?.ErrorMessage}`);
      return ms;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function partitionCount(glue: GlueClient): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const out = await glue.send(
      new GetPartitionsCommand({ DatabaseName: DATABASE, TableName: 'sales', NextToken: token }),
    );
    n += out.Partitions?.length ?? 0;
    token = out.NextToken;
  } while (token);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      rows: { type: 'string' },
      runs: { type: 'string', default: '5' },
    },
    strict: true,
  });
  const rows = values.rows !== undefined ? Number(values.rows) : values.quick ? QUICK_ROWS : FULL_ROWS;
  const runs = Number(values.runs);
  if (!Number.isInteger(rows) || rows < PARTITION_DAYS) throw new Error(`--rows must be at least ${PARTITION_DAYS}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(`  ${message}\n`);
  };

  const report: Report = {
    bench: 'crawler',
    meta: { ...machineMeta(), rows, partitions: PARTITION_DAYS, runs, poll: `${POLL_MS}ms` },
    figures: [],
  };
  const setup = section('setup (not targets)');
  progress('building the emulator...');
  report.figures.push(setup.ms('setup.buildMs', 'build the emulator', (await buildEmulator(ROOT)).value));

  const workDir = makeTempDir();
  const dataDir = join(workDir, 'lakebox');
  const salesDir = join(workDir, 'sales');
  const duckInstance = await DuckDBInstance.create(':memory:');
  const duck = await duckInstance.connect();
  try {
    progress(`generating ${rows.toLocaleString('en-US')} rows of sales as Parquet...`);
    const data = await generateSales(duck, salesDir, rows);
    report.figures.push(
      setup.ms('setup.generateMs', `generate with DuckDB (${data.files.length} Parquet files)`, data.generateMs),
      setup.mib('setup.dataMiB', 'data set size', data.bytes),
    );
    mkdirSync(dataDir, { recursive: true });
    const server = await spawnServer(ROOT, { port: await freePort(), dataDir, launcher: 'built' });
    const clients = makeClients(server.endpoint);
    const { glue, s3 } = clients;
    try {
      progress(`uploading ${data.files.length} files through S3...`);
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const upload = await runPool(data.files.length, 8, async (i) => {
        const file = data.files[i];
        if (!file) return;
        await s3.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${PREFIX}${file.relativePath}`,
            Body: await readFile(file.path),
          }),
        );
      });
      report.figures.push(setup.ms('setup.uploadMs', 'S3 PutObject of every file (8 at a time)', upload.totalMs));
      await glue.send(
        new CreateCrawlerCommand({
          Name: CRAWLER,
          Role: 'bench',
          DatabaseName: DATABASE,
          Targets: { S3Targets: [{ Path: `s3://${BUCKET}/${PREFIX}` }] },
        }),
      );

      const first: number[] = [];
      for (let i = 0; i < runs; i++) {
        await glue.send(new DeleteDatabaseCommand({ Name: DATABASE })).catch(() => undefined);
        await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DATABASE } }));
        first.push(await timedCrawl(glue));
        progress(`first crawl ${i + 1}/${runs}: ${first[i]?.toFixed(0)} ms`);
        if (i === 0) {
          const n = await partitionCount(glue);
          if (n !== data.files.length)
            throw new Error(`the crawl registered ${n} partitions, not ${data.files.length}`);
        }
      }
      const again: number[] = [];
      for (let i = 0; i < runs; i++) {
        again.push(await timedCrawl(glue));
        progress(`re-crawl ${i + 1}/${runs}: ${again[i]?.toFixed(0)} ms`);
      }
      const crawl = section(`crawl ${PARTITION_DAYS} Parquet partitions (StartCrawler → READY), ${runs} runs`);
      report.figures.push(
        crawl.ms('crawl.firstMedianMs', 'first crawl, median (table + partitions created)', median(first), {
          max: TARGET_MS,
        }),
        crawl.ms('crawl.firstMinMs', 'first crawl, fastest', Math.min(...first)),
        crawl.ms('crawl.firstMaxMs', 'first crawl, slowest', Math.max(...first)),
        crawl.ms('crawl.recrawlMedianMs', 're-crawl of unchanged data, median (nothing written)', median(again), {
          max: TARGET_MS,
        }),
      );
    } finally {
      clients.destroy();
      await server.stop();
    }
  } finally {
    duck.closeSync();
    duckInstance.closeSync();
    removeTempDir(workDir);
  }
  if (!values.json) process.stdout.write(`\n${renderText(report)}\n\n`);
  process.stdout.write(`${renderJson(report)}\n`);
}

runBench(main, WATCHDOG_MS);
