/**
 * Catalog benchmark: `pnpm bench:catalog` (or `tsx bench/catalog.ts`) from the repository root.
 *
 * Builds the emulator first (so it measures the current sources), starts `lakebox serve` as a child
 * process the way `pnpm lakebox` does (`node packages/emulator/dist/cli.js serve`), drives it over HTTP
 * with the official `@aws-sdk/client-glue`, and prints a table and one JSON line (`--json`: the JSON line only).
 * What each figure means and the targets: bench/README.md.
 *
 * Options: --json, --startup-runs <n> (default 7), --quick (a smaller catalog, for trying the script).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEmulator } from './lib/build.js';
import { freePort, makeTempDir, removeTempDir, runBench, spawnServer } from './lib/child-server.js';
import { type LoadOptions, measureCatalogLoad } from './lib/load.js';
import { machineMeta, type Report, renderJson, renderText, type Skipped } from './lib/report.js';
import { measureCliStartup, measureInProcessStartup } from './lib/startup.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The whole run is abandoned (server killed, exit 1) after this long: it must never hang CI. */
const WATCHDOG_MS = 5 * 60_000;

const FULL: LoadOptions = {
  tables: 1000,
  partitions: 10_000,
  concurrency: 8,
  batchSize: 100,
  listingRuns: 7,
  selectiveCalls: 100,
  getTableCalls: 1000,
};
const QUICK: LoadOptions = { ...FULL, tables: 100, partitions: 1000, listingRuns: 3, getTableCalls: 200 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'startup-runs': { type: 'string', default: '7' },
    },
    strict: true,
  });
  const startupRuns = Number(values['startup-runs']);
  if (!Number.isInteger(startupRuns) || startupRuns < 1) throw new Error('--startup-runs must be a positive integer');
  const load = values.quick ? QUICK : FULL;
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(`  ${message}\n`);
  };

  const skipped: Skipped[] = [];
  const report: Report = {
    bench: 'catalog',
    meta: {
      ...machineMeta(),
      server: 'node packages/emulator/dist/cli.js serve',
      ...(values.quick ? { mode: 'quick' } : {}),
    },
    figures: [],
    skipped,
  };

  progress('building the emulator (packages/emulator/scripts/build.mjs)...');
  report.figures.push(await buildEmulator(ROOT));
  progress(`start-up: ${startupRuns} runs of lakebox serve (built and from source) and the node and tsx baselines...`);
  report.figures.push(...(await measureCliStartup(ROOT, startupRuns)));
  progress('start-up in process...');
  report.figures.push(...(await measureInProcessStartup(startupRuns)));

  const dataDir = makeTempDir();
  const server = await spawnServer(ROOT, { port: await freePort(), dataDir, launcher: 'built' });
  try {
    progress(`catalog load against ${server.endpoint} (data dir ${dataDir})...`);
    const result = await measureCatalogLoad(server.endpoint, server.pid, load);
    report.figures.push(...result.figures);
    skipped.push(...result.skipped);
  } finally {
    await server.stop();
    removeTempDir(dataDir);
  }

  if (!values.json) process.stdout.write(`\n${renderText(report)}\n\n`);
  process.stdout.write(`${renderJson(report)}\n`);
}

runBench(main, WATCHDOG_MS);
