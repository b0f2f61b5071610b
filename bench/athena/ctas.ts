/**
 * CTAS section of the Athena bench: `CREATE TABLE ... WITH (format = 'PARQUET', partitioned_by =
 * ARRAY['month']) AS SELECT ... FROM sales` through the Athena API (query, Parquet write, S3 adoption of
 * every file, Glue table and partition registration), against DuckDB's own `COPY (same SELECT) TO dir
 * (FORMAT PARQUET, PARTITION_BY (month), COMPRESSION snappy)` over the same files in the bench process,
 * alternating the two. The table is partitioned by month (12 partitions): Athena's CTAS writes at most 100.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { type Figure, section } from '../lib/report.js';
import { median } from '../lib/stats.js';
import { runAthenaQuery } from './athena-query.js';
import type { MeasureContext } from './measure.js';
import { LAYOUT } from './setup.js';

const RUNS = 3;

const SELECT = 'SELECT id, customer_id, product, quantity, amount, sold_at, dt, substr(dt, 1, 7) AS month FROM sales';

export async function measureCtas(ctx: Omit<MeasureContext, 'endpoint' | 'serverPid'>): Promise<Figure[]> {
  const s = section('CTAS into a partitioned Parquet table (12 month partitions)');
  const context = { database: LAYOUT.database, outputLocation: LAYOUT.outputLocation };
  const lakeboxMs: number[] = [];
  const duckMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ctx.progress(`CTAS run ${i + 1}/${RUNS}: lakebox, then DuckDB COPY ... PARTITION_BY...`);
    const sql =
      `CREATE TABLE ctas_${i} WITH (format = 'PARQUET', write_compression = 'SNAPPY', ` +
      `partitioned_by = ARRAY['month'], external_location = 's3://${LAYOUT.dataBucket}/ctas/${i}/') AS ${SELECT}`;
    const run = await runAthenaQuery(ctx.clients.athena, sql, context);
    lakeboxMs.push(run.untilSucceededMs);
    if (i === 0) {
      const out = await ctx.clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId: run.queryExecutionId }));
      if (out.UpdateCount !== ctx.rows) throw new Error(`CTAS wrote ${out.UpdateCount} rows, expected ${ctx.rows}`);
    }
    const dir = join(ctx.scratchDir, `ctas-duck-${i}`);
    const started = performance.now();
    await ctx.duck.run(
      `COPY (${SELECT}) TO '${dir.replaceAll("'", "''")}' (FORMAT PARQUET, PARTITION_BY (month), COMPRESSION snappy)`,
    );
    duckMs.push(performance.now() - started);
    rmSync(dir, { recursive: true, force: true });
  }
  const lakebox = median(lakeboxMs);
  const duck = median(duckMs);
  return [
    s.ms('ctas.lakeboxMs', `lakebox CTAS, StartQueryExecution → SUCCEEDED (median of ${RUNS})`, lakebox),
    s.rowsPerSec('ctas.lakeboxRowsPerSec', 'lakebox CTAS rows written per second', ctx.rows / (lakebox / 1000)),
    s.ms('ctas.duckdbMs', `DuckDB COPY ... PARTITION_BY, same rows (median of ${RUNS})`, duck),
    s.rowsPerSec('ctas.duckdbRowsPerSec', 'DuckDB COPY rows written per second', ctx.rows / (duck / 1000)),
    s.ratio('ctas.ratio', 'lakebox / DuckDB', lakebox / duck),
  ];
}
