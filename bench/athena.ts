/**
 * Athena benchmark: `pnpm bench:athena` (or `tsx bench/athena.ts`) from the repository root.
 *
 * Builds the emulator, starts `lakebox serve` as a child process (`node packages/emulator/dist/cli.js
 * serve`), generates a partitioned Parquet sales data set with DuckDB in this process (10M rows over 365
 * daily partitions by default), uploads it through S3, registers the table and its partitions through
 * Glue, then times Athena queries end to end (StartQueryExecution → SUCCEEDED → every GetQueryResults
 * page) against raw DuckDB running the same SQL on the same files, alternating the two. Prints a table
 * and one JSON line (`--json`: the JSON line only). What each figure means: bench/README.md.
 *
 * Options: --json, --quick (1,000,000 rows), --rows <n> (default 10,000,000).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { POLL } from './athena/athena-query.js';
import { measureCtas } from './athena/ctas.js';
import { generateSales, PARTITION_DAYS } from './athena/dataset.js';
import { createSalesView } from './athena/duckdb-baseline.js';
import { measureQueries, timed } from './athena/measure.js';
import { loadIntoLakebox, makeClients } from './athena/setup.js';
import { buildEmulator } from './lib/build.js';
import { freePort, makeTempDir, removeTempDir, runBench, spawnServer } from './lib/child-server.js';
import { machineMeta, type Report, renderJson, renderText, section } from './lib/report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The whole run is abandoned (server killed, temp dirs removed, exit 1) after this long. */
const WATCHDOG_MS = 15 * 60_000;
const FULL_ROWS = 10_000_000;
const QUICK_ROWS = 1_000_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      rows: { type: 'string' },
    },
    strict: true,
  });
  const rows = values.rows !== undefined ? Number(values.rows) : values.quick ? QUICK_ROWS : FULL_ROWS;
  if (!Number.isInteger(rows) || rows < PARTITION_DAYS) {
    throw new Error(`--rows must be an integer of at least ${PARTITION_DAYS} (one row per partition)`);
  }
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(`  ${message}\n`);
  };

  const report: Report = {
    bench: 'athena',
    meta: {
      ...machineMeta(),
      rows,
      partitions: PARTITION_DAYS,
      poll: `${POLL.firstMs}ms x${POLL.factor} up to ${POLL.maxMs}ms`,
      server: 'node packages/emulator/dist/cli.js serve',
    },
    figures: [],
  };
  const setup = section('setup (not targets)');

  progress('building the emulator (packages/emulator/scripts/build.mjs)...');
  const build = await buildEmulator(ROOT);
  report.figures.push(setup.ms('setup.buildMs', 'build the emulator', build.value));

  const workDir = makeTempDir();
  const dataDir = join(workDir, 'lakebox');
  const scratchDir = join(workDir, 'scratch');
  const salesDir = join(workDir, 'sales');
  mkdirSync(dataDir);
  mkdirSync(scratchDir);
  const duckInstance = await DuckDBInstance.create(':memory:');
  const duck = await duckInstance.connect();
  try {
    progress(`generating ${rows.toLocaleString('en-US')} rows of sales as Parquet in ${salesDir}...`);
    const data = await generateSales(duck, salesDir, rows);
    await createSalesView(duck, salesDir);
    report.figures.push(
      setup.ms('setup.generateMs', `generate with DuckDB (${data.files.length} Parquet files)`, data.generateMs),
      setup.mib('setup.dataMiB', 'data set size', data.bytes),
    );

    const server = await spawnServer(ROOT, { port: await freePort(), dataDir, launcher: 'built' });
    const clients = makeClients(server.endpoint);
    try {
      progress(`uploading ${data.files.length} files through S3 and registering the table through Glue...`);
      const loaded = await loadIntoLakebox(clients, data);
      report.figures.push(
        setup.ms('setup.uploadMs', 'S3 PutObject of every file (8 at a time)', loaded.uploadMs),
        setup.ms(
          'setup.registerMs',
          `Glue CreateTable + BatchCreatePartition (${loaded.partitions})`,
          loaded.registerMs,
        ),
      );
      const measured = await timed(() =>
        measureQueries({ clients, endpoint: server.endpoint, serverPid: server.pid, duck, rows, scratchDir, progress }),
      );
      report.figures.push(...measured.value, setup.ms('setup.measureMs', 'the timed part, wall time', measured.ms));
      report.figures.push(...(await measureCtas({ clients, duck, rows, scratchDir, progress })));
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
