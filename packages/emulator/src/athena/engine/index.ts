/**
 * The SQL engine (ARCHITECTURE.md decision 4): Athena queries in the Trino dialect, run by one sandboxed
 * DuckDB per lakebox over the files of the Glue catalog's tables.
 *
 * How a query runs:
 * 1. Classify it by its first keyword (SELECT/WITH/VALUES/TABLE are DML; SHOW, DESCRIBE and EXPLAIN are
 *    UTILITY; DDL and writes are NOT_SUPPORTED for now) and bind `?` parameters.
 * 2. Parse with DuckDB's parser into a syntax tree and rewrite it (`rewrite.ts`): Trino functions and
 *    operators, literals, and every catalog table reference pointed at a per-query view.
 * 3. Each referenced table becomes a temporary view over exactly the files it needs (`table-source.ts`):
 *    registered partitions only, pruned by the WHERE clause (`pruning.ts`). DataScannedInBytes is the
 *    total size of those files.
 * 4. DuckDB writes the result CSV itself with `COPY`, each column rendered as Athena's text (`results.ts`).
 *
 * Limits: one statement per query; Athena views, DDL, INSERT/CTAS/UNLOAD are not supported yet; see
 * `functions.ts` for the Trino functions that differ.
 */
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { type DuckDBConnection, type DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { deparse, parseSelect } from './ast.js';
import { fromDuckError } from './duck-errors.js';
import { EngineError, userError } from './errors.js';
import { quoteIdent, quoteString } from './hive-types.js';
import { nullColumns, outputNames } from './output-names.js';
import { bindCatalogTables, type ParquetSchemaCache } from './query-tables.js';
import { columnInfo, renderSql } from './results.js';
import { createSandboxedInstance } from './sandbox.js';
import { describeStatement, showStatement } from './show.js';
import { bindParameters, leadingKeyword, tokenize } from './tokens.js';

export { EngineError } from './errors.js';

export interface EngineQuery {
  queryId: string;
  /** The user's SQL (Trino dialect), one statement. */
  sql: string;
  account: string;
  region: string;
  /** 'AwsDataCatalog' unless given. */
  catalog: string;
  /** QueryExecutionContext.Database. */
  database: string | undefined;
  /** ExecutionParameters (SQL literals as text, e.g. "'a'", "42"), bound to `?` in order. */
  parameters: string[];
  /** Absolute path under rootDir where the engine writes the result CSV. */
  resultFile: string;
  /** StopQueryExecution aborts it. */
  signal: AbortSignal;
}

export interface EngineResult {
  statementType: 'DML' | 'DDL' | 'UTILITY';
  columns: ColumnInfo[];
  /** Data rows written to resultFile (header excluded). */
  rowCount: number;
  /** For INSERT/CTAS-like DML. */
  updateCount?: number;
  /** Bytes of the files the query read (after partition pruning). */
  dataScannedBytes: number;
  /** Engine execution time. */
  engineMs: number;
}

export interface QueryEngine {
  run(q: EngineQuery): Promise<EngineResult>;
  close(): Promise<void>;
}

const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
const UTILITY_KEYWORDS = new Set(['SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN']);

const engines = new WeakMap<Lakebox, QueryEngine>();

/**
 * The engine of a lakebox, created on first use; its DuckDB instance starts lazily with the first query
 * and is closed on stop.
 * @example
 * const result = await getEngine(lakebox).run({ queryId, sql: 'SELECT 1', ..., resultFile, signal });
 */
export function getEngine(lakebox: Lakebox): QueryEngine {
  let engine = engines.get(lakebox);
  if (!engine) {
    engine = new DuckEngine(lakebox);
    engines.set(lakebox, engine);
    const created = engine;
    lakebox.onStop.push(() => created.close());
  }
  return engine;
}

class DuckEngine implements QueryEngine {
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly parquetSchemas: ParquetSchemaCache = new Map();
  private closed = false;

  constructor(private readonly lakebox: Lakebox) {
    lakebox.onReset.push(() => this.parquetSchemas.clear());
  }

  async run(q: EngineQuery): Promise<EngineResult> {
    const started = performance.now();
    if (this.closed) throw new EngineError(1, 200, 'GENERIC_INTERNAL_ERROR: the query engine is stopped');
    const tokens = tokenize(q.sql);
    const keyword = leadingKeyword(tokens);
    if (!QUERY_KEYWORDS.has(keyword) && !UTILITY_KEYWORDS.has(keyword)) throw notSupported(keyword);
    const sql = bindParameters(q.sql, tokens, q.parameters);
    const boundTokens = sql === q.sql ? tokens : tokenize(sql);
    const errorContext = { sql, tokens: boundTokens, rootDir: this.lakebox.rootDir };
    if (q.signal.aborted) throw userError('USER_CANCELED', 'Query was canceled by user');
    const conn = await (await this.start()).connect();
    // DuckDB interrupts the statement running at that moment; a query runs several, so keep interrupting.
    let interrupting: ReturnType<typeof setInterval> | undefined;
    const interrupt = () => {
      conn.interrupt();
      interrupting ??= setInterval(() => conn.interrupt(), 20);
    };
    q.signal.addEventListener('abort', interrupt);
    if (q.signal.aborted) interrupt();
    try {
      mkdirSync(dirname(q.resultFile), { recursive: true });
      if (keyword === 'SHOW') {
        const shown = showStatement(this.lakebox, q, boundTokens);
        return { ...shown, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      if (keyword === 'DESCRIBE' || keyword === 'DESC') {
        const described = describeStatement(this.lakebox, q, boundTokens);
        return { ...described, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      const explain = keyword === 'EXPLAIN';
      const querySql = explain ? afterExplain(sql, boundTokens) : sql;
      const tree = await parseSelect(conn, querySql);
      const names = outputNames(tree);
      const nulls = nullColumns(tree);
      const scanned = await bindCatalogTables(conn, this.lakebox, q, querySql, tree, this.parquetSchemas);
      const rewritten = await deparse(conn, tree);
      if (explain) {
        const written = await writeExplain(conn, rewritten, q.resultFile);
        return { ...written, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      const written = await writeResult(conn, rewritten, names, nulls, q.resultFile);
      return { ...written, statementType: 'DML', dataScannedBytes: scanned, engineMs: performance.now() - started };
    } catch (error) {
      if (q.signal.aborted) throw userError('USER_CANCELED', 'Query was canceled by user');
      throw fromDuckError(error, errorContext);
    } finally {
      q.signal.removeEventListener('abort', interrupt);
      if (interrupting) clearInterval(interrupting);
      conn.closeSync();
    }
  }

  private start(): Promise<DuckDBInstance> {
    if (!this.instance) {
      const starting = createSandboxedInstance(this.lakebox.rootDir);
      this.instance = starting;
      starting.catch(() => {
        if (this.instance === starting) this.instance = undefined;
      });
    }
    return this.instance;
  }

  async close(): Promise<void> {
    this.closed = true;
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance.catch(() => undefined))?.closeSync();
  }
}

function notSupported(keyword: string): EngineError {
  if (keyword === '')
    return userError('SYNTAX_ERROR', 'mismatched input. Expecting a statement', { line: 1, column: 1 });
  return userError('NOT_SUPPORTED', `${keyword} statements are not supported by lakebox yet`);
}

/**
 * The statement an EXPLAIN explains: after `EXPLAIN [ANALYZE] [VERBOSE] [(options)]`. The prefix is blanked
 * rather than cut, so positions in error messages stay those of the user's text.
 */
function afterExplain(sql: string, tokens: ReturnType<typeof tokenize>): string {
  let i = 1;
  while (['ANALYZE', 'VERBOSE'].includes((tokens[i]?.text ?? '').toUpperCase())) i++;
  if (tokens[i]?.text === '(') {
    let depth = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i]?.text;
      if (t === '(') depth++;
      if (t === ')' && --depth === 0) {
        i++;
        break;
      }
    }
  }
  const start = tokens[i]?.start;
  if (start === undefined) {
    throw userError('SYNTAX_ERROR', 'mismatched input. Expecting a query', { line: 1, column: sql.length + 1 });
  }
  return sql.slice(0, start).replace(/[^\n]/g, ' ') + sql.slice(start);
}

interface Written {
  columns: ColumnInfo[];
  rowCount: number;
}

/** COPY the query's rows, rendered as Athena text, to the result CSV. */
async function writeResult(
  conn: DuckDBConnection,
  sql: string,
  names: readonly string[] | undefined,
  nulls: readonly boolean[],
  resultFile: string,
): Promise<Written> {
  const prepared = await conn.prepare(sql);
  const count = prepared.columnCount;
  const columns: ColumnInfo[] = [];
  const select: string[] = [];
  const inner: string[] = [];
  for (let i = 0; i < count; i++) {
    const type = prepared.columnType(i);
    const name = names?.length === count ? (names[i] ?? `_col${i}`) : prepared.columnName(i);
    columns.push(
      nulls[i] === true ? { ...columnInfo(name, type), Type: 'unknown', Precision: 0 } : columnInfo(name, type),
    );
    inner.push(quoteIdent(`c${i}`));
    select.push(`${renderSql(quoteIdent(`c${i}`), type)} AS ${quoteIdent(name)}`);
  }
  prepared.destroySync();
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
async function writeExplain(conn: DuckDBConnection, sql: string, resultFile: string): Promise<Written> {
  const reader = await conn.runAndReadAll(`EXPLAIN ${sql}`);
  const plan = reader
    .getRows()
    .map((r) => String(r[1] ?? ''))
    .join('\n');
  writeFileSync(resultFile, `"Query Plan"\n${csvQuote(plan)}\n`);
  return { columns: [columnInfo('Query Plan', VARCHAR)], rowCount: 1 };
}
