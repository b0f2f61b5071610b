/**
 * Jobs benchmark: `pnpm bench:jobs` (or `tsx bench/jobs.ts`) from the repository root.
 *
 * Builds the emulator, starts `lakebox serve` as a child process, uploads a dirty bronze CSV (1,000,000 rows
 * by default) and the bronze -> silver PySpark script of the end-to-end test (test/glue-runtime/pipeline-data.ts),
 * creates a `glueetl` job, then times runs from StartJobRun to GetJobRun answering SUCCEEDED (polling every
 * 20 ms). Each run reads the CSV, cleans it, and overwrites the silver prefix with Parquet partitioned by day;
 * the last run's row count is checked against the same cleaning computed in TypeScript.
 * Target (issue 5): the median under 10 s. Prints a table and one JSON line (`--json`: the JSON line only).
 *
 * Options: --json, --rows <n> (default 1,000,000), --runs <n> (default 5).
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateJobCommand, GetJobRunCommand, GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { bronzeCsv, expectedAggregates, PIPELINE_SCRIPT } from '../test/glue-runtime/pipeline-data.js';
import { buildEmulator } from './lib/build.js';
import { freePort, makeTempDir, removeTempDir, runBench, spawnServer } from './lib/child-server.js';
import { machineMeta, type Report, renderJson, renderText, section } from './lib/report.js';
import { median } from './lib/stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WATCHDOG_MS = 15 * 60_000;
const TARGET_MS = 10_000;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR']);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
    },
    strict: true,
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('--rows and --runs take positive integers');
  }
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(`  ${message}\n`);
  };
  const report: Report = {
    bench: 'jobs',
    meta: { ...machineMeta(), rows, runs, server: 'node packages/emulator/dist/cli.js serve', poll: '20ms' },
    figures: [],
  };
  const setup = section('setup (not targets)');
  const pipeline = section('bronze -> silver job, StartJobRun to SUCCEEDED');

  progress('building the emulator...');
  report.figures.push(setup.ms('setup.buildMs', 'build the emulator', (await buildEmulator(ROOT)).value));
  const workDir = makeTempDir();
  const server = await spawnServer(ROOT, {
    port: await freePort(),
    dataDir: join(workDir, 'lakebox'),
    launcher: 'built',
  });
  const common = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  };
  const glue = new GlueClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  try {
    progress(`generating ${rows.toLocaleString('en-US')} bronze rows...`);
    let started = performance.now();
    const csv = bronzeCsv(rows);
    report.figures.push(
      setup.ms('setup.generateMs', 'generate the bronze CSV', performance.now() - started),
      setup.mib('setup.bronzeMiB', 'bronze CSV size', Buffer.byteLength(csv)),
    );
    started = performance.now();
    for (const Bucket of ['bench-scripts', 'bench-bronze', 'bench-silver'])
      await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket: 'bench-bronze', Key: 'orders/orders.csv', Body: csv }));
    await s3.send(new PutObjectCommand({ Bucket: 'bench-scripts', Key: 'clean_orders.py', Body: PIPELINE_SCRIPT }));
    await glue.send(
      new CreateJobCommand({
        Name: 'clean-orders',
        Role: 'arn:aws:iam::000000000000:role/glue',
        GlueVersion: '4.0',
        Command: { Name: 'glueetl', ScriptLocation: 's3://bench-scripts/clean_orders.py', PythonVersion: '3' },
        DefaultArguments: { '--input_path': 's3://bench-bronze/orders/', '--output_path': 's3://bench-silver/orders/' },
      }),
    );
    report.figures.push(setup.ms('setup.loadMs', 'upload CSV + script, CreateJob', performance.now() - started));

    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: 'clean-orders' }));
      let state = '';
      let message: string | undefined;
      while (!FINAL.has(state)) {
        await new Promise((r) => setTimeout(r, 20));
        const { JobRun } = await glue.send(new GetJobRunCommand({ JobName: 'clean-orders', RunId: JobRunId }));
        state = JobRun?.JobRunState ?? '';
        message = JobRun?.ErrorMessage;
      }
      const ms = performance.now() - t0;
      if (state !== 'SUCCEEDED') throw new Error(`run ${i + 1} ended ${state}: ${message ?? ''}`);
      samples.push(ms);
      progress(`run ${i + 1}/${runs}: ${(ms / 1000).toFixed(2)} s`);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'bench-silver', Prefix: 'orders/' }));
    const files = (listed.Contents ?? []).filter((o) => o.Key?.endsWith('.parquet')).length;
    // The last run's output, read with a DuckDB of this process, must hold the rows the cleaning keeps.
    const expected = [...expectedAggregates(csv).values()].reduce((n, d) => n + d.orders, 0);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const silver = join(workDir, 'lakebox', 's3', 'bench-silver', 'orders', '*', '*.parquet');
    const counted = Number(
      (await duck.runAndReadAll(`SELECT count(*) FROM read_parquet('${silver}')`)).getRows()[0]?.[0],
    );
    duck.closeSync();
    if (counted !== expected) throw new Error(`silver holds ${counted} rows, the cleaning keeps ${expected}`);
    const mid = median(samples);
    report.figures.push(
      pipeline.ms('jobs.pipeline.medianMs', `median of ${runs} runs`, mid, { max: TARGET_MS }),
      pipeline.ms('jobs.pipeline.minMs', 'fastest run', Math.min(...samples)),
      pipeline.ms('jobs.pipeline.maxMs', 'slowest run', Math.max(...samples)),
      pipeline.rowsPerSec('jobs.pipeline.rowsPerSec', 'bronze rows per second (median run)', rows / (mid / 1000)),
      pipeline.count('jobs.pipeline.silverFiles', 'silver Parquet files written (last run)', files),
      pipeline.count('jobs.pipeline.silverRows', 'silver rows (checked against the cleaning in TypeScript)', counted),
    );
  } finally {
    glue.destroy();
    s3.destroy();
    await server.stop();
    removeTempDir(workDir);
  }
  if (!values.json) process.stdout.write(`\n${renderText(report)}\n\n`);
  process.stdout.write(`${renderJson(report)}\n`);
}

runBench(main, WATCHDOG_MS);
