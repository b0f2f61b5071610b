/** Results for the Python layer: Spark-typed columns and rows as JSON values (the Python side converts them). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../athena/engine/hive-types.js';
import { type ResultColumn, sparkCast, sparkType } from './engine.js';

export interface Normalized {
  columns: ResultColumn[];
  /** The SELECT with the casts that make its types Spark's. */
  sql: string;
}

/** Bind `sql` (LIMIT 0) to learn its columns, and add the casts `sparkCast` asks for. */
export async function normalizedSelect(conn: DuckDBConnection, sql: string): Promise<Normalized> {
  const probe = await conn.runAndReadAll(`SELECT * FROM (${sql}) AS lb_probe LIMIT 0`);
  const names = probe.columnNames();
  const types = probe.columnTypes();
  const casts = types.map((t) => sparkCast(t));
  const columns = names.map((name, i) => {
    const t = types[i];
    return { name, duckType: casts[i] ?? String(t), type: t ? sparkType(t) : 'string' };
  });
  if (casts.every((c) => c === undefined)) return { columns, sql };
  // Positional names keep duplicate column names (a join's) apart.
  const select = names.map((n, i) => {
    const cast = casts[i];
    const ref = `lb_c${i}`;
    return `${cast ? `CAST(${ref} AS ${cast})` : ref} AS ${quoteIdent(n)}`;
  });
  const aliases = names.map((_, i) => `lb_c${i}`).join(', ');
  return { columns, sql: `SELECT ${select.join(', ')} FROM (${sql}) AS lb_n(${aliases})` };
}

export async function collectRows(
  conn: DuckDBConnection,
  sql: string,
  limit: number | undefined,
): Promise<{ columns: Array<Omit<ResultColumn, 'duckType'>>; rows: unknown[][] }> {
  const normalized = await normalizedSelect(conn, sql);
  const query =
    limit === undefined
      ? normalized.sql
      : `SELECT * FROM (${normalized.sql}) AS lb_l LIMIT ${Math.max(0, Math.floor(limit))}`;
  const reader = await conn.runAndReadAll(query);
  return {
    columns: normalized.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: reader.getRowsJson() as unknown[][],
  };
}
