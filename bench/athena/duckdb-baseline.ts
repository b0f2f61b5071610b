import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';

/** One query in raw DuckDB, in the bench process. */
export interface DuckRun {
  /** `run` (execute and materialize in DuckDB) → every chunk fetched. */
  ms: number;
  rows: number;
}

/**
 * Make `sales` in the bench's own DuckDB a view over the data set's Parquet files, read the way DuckDB
 * reads a Hive-partitioned folder (`dt` from the folder names, as VARCHAR like the Glue partition key),
 * so that the same SQL text runs on both sides.
 */
export async function createSalesView(connection: DuckDBConnection, dir: string): Promise<void> {
  const glob = `${dir}/*/*.parquet`.replaceAll("'", "''");
  await connection.run(
    `CREATE OR REPLACE VIEW sales AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true, hive_types = {'dt': VARCHAR})`,
  );
}

/**
 * Run `sql` and fetch every result chunk without converting values to JS: what DuckDB itself needs to
 * compute the whole result. Converting rows to JS values would add far more than the query costs.
 */
export async function runDuckQuery(connection: DuckDBConnection, sql: string): Promise<DuckRun> {
  const started = performance.now();
  const result = await connection.run(sql);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
  }
  return { ms: performance.now() - started, rows };
}

/** Run `sql` as `COPY (sql) TO file (FORMAT CSV)`: DuckDB writing the whole result as a CSV file. */
export async function copyDuckQueryToCsv(connection: DuckDBConnection, sql: string, file: string): Promise<number> {
  const started = performance.now();
  await connection.run(`COPY (${sql}) TO '${file.replaceAll("'", "''")}' (FORMAT CSV, HEADER)`);
  return performance.now() - started;
}
