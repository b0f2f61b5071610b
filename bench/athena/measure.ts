import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetWorkGroupCommand } from '@aws-sdk/client-athena';
import type { DuckDBConnection } from '@duckdb/node-api';
import { healthy } from '../lib/child-server.js';
import { timeSequential } from '../lib/pool.js';
import { processCpuMs } from '../lib/proc.js';
import { type Figure, section } from '../lib/report.js';
import { median } from '../lib/stats.js';
import { type AthenaRun, pageWithFetch, runAthenaQuery } from './athena-query.js';
import { ONE_PARTITION } from './dataset.js';
import { copyDuckQueryToCsv, type DuckRun, runDuckQuery } from './duckdb-baseline.js';
import { type Clients, LAYOUT } from './setup.js';

/** Targets from issue 3 (see bench/README.md). */
export const TARGETS = { aggregateRatio: 1.3, smallOverheadMs: 30, pagingRowsPerSecond: 200_000 } as const;

/** Rows `SELECT *` returns: 1M, or the whole table when it is smaller. */
export const SELECT_ALL_ROWS = 1_000_000;

/** The SQL both sides run, word for word, and how many timed runs each gets (after one untimed run). */
export function benchQueries(rows: number) {
  return {
    aggregate: { sql: 'SELECT dt, count(*), sum(amount) FROM sales GROUP BY dt', runs: 7 },
    // The same query with another comment each run: lakebox cannot reuse its rewrite (prepared-queries.ts),
    // so every run reads the 365 partitions, lists their files and rewrites the query again.
    aggregateCold: { sql: 'SELECT dt, count(*), sum(amount) FROM sales GROUP BY dt', runs: 7 },
    onePartition: {
      sql: `SELECT dt, count(*), sum(amount) FROM sales WHERE dt = '${ONE_PARTITION}' GROUP BY dt`,
      runs: 9,
    },
    small: { sql: 'SELECT 1', runs: 31 },
    selectAll: { sql: `SELECT * FROM sales LIMIT ${Math.min(rows, SELECT_ALL_ROWS)}`, runs: 3 },
  } as const;
}

type QueryName = keyof ReturnType<typeof benchQueries>;

export interface MeasureContext {
  clients: Clients;
  endpoint: string;
  serverPid: number;
  duck: DuckDBConnection;
  rows: number;
  /** A folder for the raw DuckDB CSV copy. */
  scratchDir: string;
  progress: (message: string) => void;
}

interface Paired {
  lakebox: AthenaRun[];
  duck: DuckRun[];
  /** Serving process CPU (user + system) per lakebox run, ms. */
  serverCpuMs: number;
  /** This process's CPU per lakebox run (SDK: signing, JSON parsing), ms. */
  clientCpuMs: number;
}

/**
 * Run one query `runs` times on each side, alternating lakebox and raw DuckDB so that both see the same
 * machine state, after one untimed run of each (caches, DuckDB's lazy start in the server).
 */
async function paired(ctx: MeasureContext, text: string, runs: number, vary = false): Promise<Paired> {
  const context = { database: LAYOUT.database, outputLocation: LAYOUT.outputLocation };
  let n = 0;
  const next = () => (vary ? `${text} -- run ${++n}` : text);
  const sql = next();
  await runAthenaQuery(ctx.clients.athena, sql, context);
  await runDuckQuery(ctx.duck, sql);
  const lakebox: AthenaRun[] = [];
  const duck: DuckRun[] = [];
  let serverCpu = 0;
  let clientCpu = 0;
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const serverBefore = processCpuMs(ctx.serverPid);
    const run = next();
    lakebox.push(await runAthenaQuery(ctx.clients.athena, run, context));
    serverCpu += processCpuMs(ctx.serverPid) - serverBefore;
    const cpu = process.cpuUsage(cpuBefore);
    clientCpu += (cpu.user + cpu.system) / 1000;
    duck.push(await runDuckQuery(ctx.duck, run));
  }
  const first = lakebox[0];
  const firstDuck = duck[0];
  if (first && firstDuck && first.rows !== firstDuck.rows) {
    throw new Error(`lakebox returned ${first.rows} rows, DuckDB ${firstDuck.rows}, for: ${sql}`);
  }
  return { lakebox, duck, serverCpuMs: serverCpu / runs, clientCpuMs: clientCpu / runs };
}

const med = <T>(runs: readonly T[], pick: (run: T) => number) => median(runs.map(pick));

/** Figures common to every query: lakebox end to end against raw DuckDB, and where the time went. */
function queryFigures(name: QueryName, title: string, p: Paired, ratioTarget?: number): Figure[] {
  const f = section(`${title}  (median of ${p.lakebox.length})`);
  const total = med(p.lakebox, (r) => r.totalMs);
  const duck = med(p.duck, (r) => r.ms);
  return [
    f.ms(`${name}.lakeboxMs`, 'lakebox end to end (start → SUCCEEDED → all pages)', total),
    f.ms(`${name}.duckdbMs`, 'raw DuckDB, same SQL, same files', duck),
    f.ratio(`${name}.ratio`, 'ratio lakebox / DuckDB', total / duck, ratioTarget ? { max: ratioTarget } : undefined),
    f.ms(
      `${name}.untilSucceededMs`,
      '  of which start → SUCCEEDED seen',
      med(p.lakebox, (r) => r.untilSucceededMs),
    ),
    f.ms(
      `${name}.pagingMs`,
      '  of which GetQueryResults (all pages)',
      med(p.lakebox, (r) => r.pagingMs),
    ),
    f.ms(
      `${name}.engineMs`,
      'EngineExecutionTimeInMillis (server-reported)',
      med(p.lakebox, (r) => r.engineMs),
    ),
    f.count(
      `${name}.polls`,
      'GetQueryExecution calls per query',
      med(p.lakebox, (r) => r.polls),
    ),
    f.count(`${name}.rows`, 'rows returned', p.lakebox[0]?.rows ?? Number.NaN),
    f.ms(`${name}.serverCpuMs`, 'server CPU per query', p.serverCpuMs),
    f.ms(`${name}.clientCpuMs`, 'client (SDK) CPU per query', p.clientCpuMs),
  ];
}

/**
 * The timed part: round-trip baselines, then each query on lakebox and in raw DuckDB, alternating.
 * Returns the figures in the order the table prints them.
 */
export async function measureQueries(ctx: MeasureContext): Promise<Figure[]> {
  const queries = benchQueries(ctx.rows);
  const figures: Figure[] = [];

  ctx.progress('round-trip baselines (health fetch, GetWorkGroup)...');
  await timeSequential(50, () => healthy(ctx.endpoint));
  const health = median(await timeSequential(300, () => healthy(ctx.endpoint)));
  const workGroup = { WorkGroup: 'primary' };
  await timeSequential(20, () => ctx.clients.athena.send(new GetWorkGroupCommand(workGroup)));
  const sdkCall = median(await timeSequential(300, () => ctx.clients.athena.send(new GetWorkGroupCommand(workGroup))));

  ctx.progress(`small query: ${queries.small.sql} × ${queries.small.runs}...`);
  const small = await paired(ctx, queries.small.sql, queries.small.runs);
  const smallTotal = med(small.lakebox, (r) => r.totalMs);
  const calls = 1 + med(small.lakebox, (r) => r.polls) + med(small.lakebox, (r) => r.pages);
  const rt = section('round trips and small-query overhead');
  figures.push(
    rt.ms('roundTrip.healthMs', 'HTTP round trip: GET /_lakebox/health (median of 300)', health),
    rt.ms('roundTrip.sdkMs', 'SDK round trip: Athena GetWorkGroup (median of 300)', sdkCall),
    rt.ms('small.lakeboxMs', `${queries.small.sql}: lakebox end to end (median of ${queries.small.runs})`, smallTotal),
    rt.count('small.calls', '  API calls it made (start + polls + result pages)', calls),
    rt.ms(
      'small.duckdbMs',
      `${queries.small.sql}: raw DuckDB`,
      med(small.duck, (r) => r.ms),
    ),
    rt.ms('small.overheadMs', 'overhead: lakebox end to end − one HTTP round trip', smallTotal - health, {
      max: TARGETS.smallOverheadMs,
    }),
    rt.ms('small.overheadPerCallMs', 'end to end − API calls × SDK round trip', smallTotal - calls * sdkCall),
    rt.ms('small.serverCpuMs', 'server CPU per query', small.serverCpuMs),
  );

  ctx.progress(`aggregate: ${queries.aggregate.sql} × ${queries.aggregate.runs}...`);
  const aggregate = await paired(ctx, queries.aggregate.sql, queries.aggregate.runs);
  figures.push(...queryFigures('aggregate', queries.aggregate.sql, aggregate, TARGETS.aggregateRatio));

  ctx.progress(`aggregate, rewritten every run × ${queries.aggregateCold.runs}...`);
  const cold = await paired(ctx, queries.aggregateCold.sql, queries.aggregateCold.runs, true);
  figures.push(...queryFigures('aggregateCold', 'the aggregate, not reused: `-- run N` appended', cold));

  ctx.progress(`one partition × ${queries.onePartition.runs}...`);
  const one = await paired(ctx, queries.onePartition.sql, queries.onePartition.runs);
  figures.push(...queryFigures('onePartition', queries.onePartition.sql, one));
  const fullScan = aggregate.lakebox[0]?.dataScannedBytes ?? Number.NaN;
  const oneScan = one.lakebox[0]?.dataScannedBytes ?? Number.NaN;
  const pruning = section('partition pruning (DataScannedInBytes)');
  figures.push(
    pruning.mib('pruning.fullTableMiB', 'whole table (the aggregate)', fullScan),
    pruning.mib('pruning.onePartitionMiB', `one partition (dt = '${ONE_PARTITION}')`, oneScan),
    pruning.count('pruning.onePartitionBytes', '  in bytes', oneScan),
    pruning.percent('pruning.scannedPercent', 'one partition / whole table', (oneScan / fullScan) * 100),
  );

  ctx.progress(`SELECT * × ${queries.selectAll.runs} (paging through GetQueryResults)...`);
  const all = await paired(ctx, queries.selectAll.sql, queries.selectAll.runs);
  figures.push(...queryFigures('selectAll', queries.selectAll.sql, all));
  const csvFile = join(ctx.scratchDir, 'select-all.csv');
  const csvMs = median(
    await timeSequential(queries.selectAll.runs, () => copyDuckQueryToCsv(ctx.duck, queries.selectAll.sql, csvFile)),
  );
  const paging = section('GetQueryResults paging (SELECT *, pages of 1000)');
  const rows = all.lakebox[0]?.rows ?? Number.NaN;
  const pagingMs = med(all.lakebox, (r) => r.pagingMs);
  const lastId = all.lakebox[all.lakebox.length - 1]?.queryExecutionId ?? '';
  const fetched: number[] = [];
  const serverCpuBefore = processCpuMs(ctx.serverPid);
  for (let i = 0; i < queries.selectAll.runs; i++) {
    const run = await pageWithFetch(ctx.endpoint, lastId);
    if (run.rows !== rows) throw new Error(`paging with fetch returned ${run.rows} rows, the SDK ${rows}`);
    fetched.push(run.ms);
  }
  const serverPagingCpuMs = (processCpuMs(ctx.serverPid) - serverCpuBefore) / queries.selectAll.runs;
  figures.push(
    paging.rowsPerSec('paging.rowsPerSecond', 'rows/s through GetQueryResults (SDK client)', (rows / pagingMs) * 1000, {
      min: TARGETS.pagingRowsPerSecond,
    }),
    paging.rowsPerSec(
      'paging.fetchRowsPerSecond',
      'rows/s, same pages with fetch + JSON.parse',
      (rows / median(fetched)) * 1000,
    ),
    paging.ms('paging.serverCpuMs', 'server CPU to serve all pages once (fetch runs)', serverPagingCpuMs),
    paging.rowsPerSec(
      'paging.serverRowsPerCpuSecond',
      'rows per second of server CPU',
      (rows / serverPagingCpuMs) * 1000,
    ),
    paging.count('paging.pages', 'GetQueryResults calls', all.lakebox[0]?.pages ?? Number.NaN),
    paging.ms('paging.duckdbCsvMs', 'for reference: raw DuckDB COPY (same SQL) TO csv', csvMs),
  );
  return figures;
}

/** Wall time of `task`, in ms. */
export async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}
