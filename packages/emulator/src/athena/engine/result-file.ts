/**
 * The result CSV of a query: DuckDB COPYs the rows itself, each column rendered as Athena's text
 * (`results.ts`), under the names Athena gives them; EXPLAIN writes its plan as one row.
 */
import { createReadStream, createWriteStream, rmSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { type DuckDBConnection, type DuckDBType, VARCHAR } from '@duckdb/node-api';
import { quoteIdent, quoteString } from './hive-types.js';
import type { OutputZone } from './output-names.js';
import { columnInfo, renderSql } from './results.js';

export interface Written {
  columns: ColumnInfo[];
  rowCount: number;
}

/**
 * Result columns (DuckDB's names and types) by the rewritten SQL. The SQL holds every table's source with
 * each column cast to its declared type, so the same text always has the same columns: a repeated query
 * skips the prepare. The prepare binds the typing SQL (the same query over sources without files), so
 * finding the types never opens the hundreds of files a partitioned table may read.
 */
export type ResultTypeCache = Map<string, { names: string[]; types: DuckDBType[] }>;

const RESULT_TYPE_CACHE_LIMIT = 256;

async function resultColumns(
  conn: DuckDBConnection,
  sql: string,
  cache: ResultTypeCache,
  typingSql: string,
): Promise<{ names: string[]; types: DuckDBType[] }> {
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql);
    cache.set(sql, hit);
    return hit;
  }
  const prepared = await conn.prepare(typingSql);
  const found = { names: [] as string[], types: [] as DuckDBType[] };
  for (let i = 0; i < prepared.columnCount; i++) {
    found.names.push(prepared.columnName(i));
    found.types.push(prepared.columnType(i));
  }
  prepared.destroySync();
  cache.set(sql, found);
  for (const oldest of cache.keys()) {
    if (cache.size <= RESULT_TYPE_CACHE_LIMIT) break;
    cache.delete(oldest);
  }
  return found;
}

/** COPY the query's rows, rendered as Athena text, to the result CSV. */
export async function writeResult(
  conn: DuckDBConnection,
  sql: string,
  names: readonly string[] | undefined,
  nulls: readonly boolean[],
  resultFile: string,
  checkCanceled: () => void,
  typeCache: ResultTypeCache,
  zones: readonly (OutputZone | undefined)[] = [],
  typingSql = sql,
): Promise<Written> {
  const found = await resultColumns(conn, sql, typeCache, typingSql);
  const count = found.types.length;
  const columns: ColumnInfo[] = [];
  const select: string[] = [];
  const inner: string[] = [];
  for (let i = 0; i < count; i++) {
    const type = found.types[i] ?? VARCHAR;
    const name = names?.length === count ? (names[i] ?? `_col${i}`) : (found.names[i] ?? `_col${i}`);
    columns.push(
      nulls[i] === true ? { ...columnInfo(name, type), Type: 'unknown', Precision: 0 } : columnInfo(name, type),
    );
    inner.push(quoteIdent(`c${i}`));
    select.push(`${renderSql(quoteIdent(`c${i}`), type, zones[i])} AS ${quoteIdent(name)}`);
  }
  checkCanceled();
  const unique = new Set(columns.map((c) => c.Name)).size === columns.length;
  const target = unique ? resultFile : `${resultFile}.body`;
  const copy =
    `COPY (SELECT ${select.join(', ')} FROM (${sql}) AS lb_q(${inner.join(', ')})) TO ${quoteString(target)} ` +
    `(FORMAT CSV, HEADER ${unique ? 'true' : 'false'}, FORCE_QUOTE *, NULL '', QUOTE '"', ESCAPE '"', DELIMITER ',', NEW_LINE '\n')`;
  const result = await conn.run(copy);
  const rowCount = Number(result.rowsChanged);
  if (!unique) {
    // DuckDB renames duplicate header names (`x`, `x_1`); Athena keeps them, so the header is written here.
    writeFileSync(resultFile, `${columns.map((c) => csvQuote(c.Name ?? '')).join(',')}\n`);
    await pipeline(createReadStream(target), createWriteStream(resultFile, { flags: 'a' }));
    rmSync(target, { force: true });
  }
  if (count === 0) writeFileSync(resultFile, '');
  return { columns, rowCount };
}

function csvQuote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** EXPLAIN: DuckDB's plan of the rewritten query, as one `Query Plan` row. */
export async function writeExplain(conn: DuckDBConnection, sql: string, resultFile: string): Promise<Written> {
  const reader = await conn.runAndReadAll(`EXPLAIN ${sql}`);
  const plan = reader
    .getRows()
    .map((r) => String(r[1] ?? ''))
    .join('\n');
  writeFileSync(resultFile, `"Query Plan"\n${csvQuote(plan)}\n`);
  return { columns: [columnInfo('Query Plan', VARCHAR)], rowCount: 1 };
}
