import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Days of sales, one partition each: 2024-01-01 to 2024-12-30. */
export const PARTITION_DAYS = 365;
/** The partition the one-partition query reads (the 153rd day). */
export const ONE_PARTITION = '2024-06-01';

/** The sales table's data columns (the partition column `dt` is not in the files), as Glue types. */
export const SALES_COLUMNS = [
  { Name: 'id', Type: 'bigint' },
  { Name: 'customer_id', Type: 'bigint' },
  { Name: 'product', Type: 'string' },
  { Name: 'quantity', Type: 'int' },
  { Name: 'amount', Type: 'double' },
  { Name: 'sold_at', Type: 'timestamp' },
] as const;

/** One Parquet file of the data set, relative to its folder as `dt=YYYY-MM-DD/<name>.parquet`. */
export interface DataFile {
  /** Path relative to the data set folder, with `/` separators: also the S3 key under the table's prefix. */
  relativePath: string;
  /** Absolute path of the file in the scratch folder. */
  path: string;
  size: number;
}

export interface DataSet {
  dir: string;
  rows: number;
  files: DataFile[];
  bytes: number;
  /** Wall time of DuckDB's `COPY ... TO ... (PARTITION_BY (dt))`. */
  generateMs: number;
}

/**
 * Write `rows` rows of synthetic sales into `dir` as Hive-style partitioned Parquet, one folder per day
 * (`dt=2024-01-01/`) holding one file, with DuckDB's own `COPY ... (FORMAT PARQUET, PARTITION_BY (dt))`.
 * Rows are spread evenly over the 365 days in day order, as sales arrive; the values are derived from
 * the row number, so two runs with the same `rows` write the same data.
 *
 * The COPY runs on one thread: DuckDB writes one file per thread into each partition folder, and two
 * half-size files per partition would make the data set depend on the machine.
 */
export async function generateSales(connection: DuckDBConnection, dir: string, rows: number): Promise<DataSet> {
  const started = performance.now();
  const target = dir.replaceAll("'", "''");
  const day = `CAST((i * ${PARTITION_DAYS}) // ${rows} AS INTEGER)`;
  await connection.run('SET threads = 1');
  try {
    await connection.run(`
    COPY (
      SELECT
        i AS id,
        (i * 7919) % 100000 AS customer_id,
        'product-' || lpad(CAST((i * 31) % 500 AS VARCHAR), 3, '0') AS product,
        CAST(1 + (i * 13) % 9 AS INTEGER) AS quantity,
        round(((i * 104729) % 100000) / 100.0 + 0.99, 2)::DOUBLE AS amount,
        TIMESTAMP '2024-01-01 00:00:00'
          + to_days(${day})
          + to_seconds((i * 37) % 86400) AS sold_at,
        strftime(DATE '2024-01-01' + ${day}, '%Y-%m-%d') AS dt
      FROM range(${rows}) t(i)
    ) TO '${target}' (FORMAT PARQUET, PARTITION_BY (dt), OVERWRITE_OR_IGNORE)`);
  } finally {
    await connection.run('RESET threads');
  }
  const generateMs = performance.now() - started;
  const files = listFiles(dir);
  return { dir, rows, files, bytes: files.reduce((sum, f) => sum + f.size, 0), generateMs };
}

function listFiles(dir: string): DataFile[] {
  const files: DataFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files.push({ relativePath: relative(dir, path).split(sep).join('/'), path, size: statSync(path).size });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
}

/** The `dt` values of the data set's partitions, in order, as the folders name them. */
export function partitionValues(files: readonly DataFile[]): string[] {
  const values = new Set<string>();
  for (const file of files) {
    const match = /^dt=([^/]+)\//.exec(file.relativePath);
    if (match?.[1]) values.add(match[1]);
  }
  return [...values].sort();
}
