/**
 * The SQL engine (ARCHITECTURE.md decision 4): Athena queries in the Trino dialect, run by one sandboxed
 * DuckDB per lakebox over the files of the Glue catalog's tables.
 *
 * How a query runs:
 * 1. Classify it by its first keyword (`statements.ts`: SELECT/WITH/VALUES/TABLE are DML; SHOW, DESCRIBE and
 *    EXPLAIN are UTILITY; CREATE/DROP/ALTER/MSCK/INSERT go to `ddl/run.ts`, which writes the Glue catalog
 *    through the Glue model, and runs CTAS and INSERT as DML) and bind `?` parameters.
 * 2. Parse with DuckDB's parser into a syntax tree and rewrite it (`rewrite.ts`): Trino functions and
 *    operators, literals, and every catalog table reference replaced by its source (step 3).
 * 3. Each referenced table becomes a subquery over exactly the files it needs (`table-source.ts`):
 *    registered partitions only, pruned by the WHERE clause (`pruning.ts`). DataScannedInBytes is the
 *    total size of those files. Steps 2–3 are skipped when the same query ran before and nothing it read has
 *    changed since (`prepared-queries.ts`, change counters of migration 007); step 3 is skipped for a table
 *    another query read with the same partitions, unchanged since.
 * 4. DuckDB writes the result CSV itself with `COPY`, each column rendered as Athena's text (`results.ts`).
 *
 * Limits: one statement per query; UNLOAD, UPDATE/DELETE/MERGE and Iceberg tables are not supported yet; see
 * `functions.ts` for the Trino functions that differ.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { deparse, parseSelect } from './ast.js';
import { rewriteSelect } from './ddl/query.js';
import { runDdl } from './ddl/run.js';
import { fromDuckError } from './duck-errors.js';
import { EngineError, userError } from './errors.js';
import { nullColumns, outputNames, outputZones } from './output-names.js';
import { PreparedQueryCache } from './prepared-queries.js';
import { bindCaches, bindCatalogTables } from './query-tables.js';
import { type ResultTypeCache, writeExplain, writeResult } from './result-file.js';
import { createSandboxedInstance } from './sandbox.js';
import { describeStatement, showStatement } from './show.js';
import { classifyStatement } from './statements.js';
import { bindParameters, tokenize } from './tokens.js';

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
  /** The query's output location (a CTAS without external_location writes its table under it). */
  output?: { bucket: string; prefix: string };
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
    // First in the list, so last to run on stop: queries are aborted before the engine closes.
    lakebox.onStop.unshift(() => created.close());
  }
  return engine;
}

class DuckEngine implements QueryEngine {
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly caches: ReturnType<typeof bindCaches>;
  private readonly resultTypes: ResultTypeCache = new Map();
  private readonly prepared: PreparedQueryCache;
  private closed = false;

  constructor(private readonly lakebox: Lakebox) {
    this.prepared = new PreparedQueryCache(lakebox.db);
    this.caches = bindCaches(lakebox.db);
    lakebox.onReset.push(() => {
      this.prepared.clear();
      this.caches.clear();
      this.resultTypes.clear();
    });
  }

  async run(q: EngineQuery): Promise<EngineResult> {
    const started = performance.now();
    if (this.closed) throw new EngineError(1, 200, 'GENERIC_INTERNAL_ERROR: the query engine is stopped');
    const tokens = tokenize(q.sql);
    const kind = classifyStatement(q.sql, tokens);
    const sql = bindParameters(q.sql, tokens, q.parameters);
    const boundTokens = sql === q.sql ? tokens : tokenize(sql);
    const errorContext = { sql, tokens: boundTokens, rootDir: this.lakebox.rootDir };
    // StopQueryExecution may come at any point: before the connection exists (checked after each await
    // here), or while DuckDB runs a statement (interrupted, see below).
    const checkCanceled = () => {
      if (q.signal.aborted) throw canceled();
    };
    checkCanceled();
    const instance = await this.start();
    checkCanceled();
    const conn = await instance.connect();
    if (q.signal.aborted) {
      conn.closeSync();
      throw canceled();
    }
    // DuckDB interrupts the statement running at that moment; a query runs several, so keep interrupting.
    let interrupting: ReturnType<typeof setInterval> | undefined;
    const interrupt = () => {
      conn.interrupt();
      interrupting ??= setInterval(() => conn.interrupt(), 20);
    };
    q.signal.addEventListener('abort', interrupt);
    try {
      mkdirSync(dirname(q.resultFile), { recursive: true });
      if (kind === 'show') {
        const shown = showStatement(this.lakebox, q, boundTokens);
        return { ...shown, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      if (kind === 'ddl') {
        const caches = this.caches;
        const done = await runDdl({
          scope: { ...q, lakebox: this.lakebox, sql },
          tokens: boundTokens,
          queryId: q.queryId,
          resultFile: q.resultFile,
          output: q.output,
          conn,
          checkCanceled,
          rewrite: (text, defaults) => rewriteSelect(conn, this.lakebox, { ...q, ...defaults }, text, caches),
        });
        return { ...done, engineMs: performance.now() - started };
      }
      if (kind === 'describe') {
        const described = describeStatement(this.lakebox, q, boundTokens);
        return { ...described, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      const explain = kind === 'explain';
      const querySql = explain ? afterExplain(sql, boundTokens) : sql;
      const key = [q.account, q.region, q.catalog, q.database ?? '', kind, querySql].join('\u0000');
      const prepared = await this.prepared.get(q, key, async () => {
        const tree = await parseSelect(conn, querySql);
        checkCanceled();
        const names = outputNames(tree);
        const nulls = nullColumns(tree);
        const zones = outputZones(tree);
        const bound = await bindCatalogTables(conn, this.lakebox, q, querySql, tree, this.caches);
        checkCanceled();
        const deparsed = await deparse(conn, tree);
        const sql = bound.resolve(deparsed);
        const typingSql = bound.resolveTyping(deparsed);
        return { sql, typingSql, names, nulls, zones, scanned: bound.bytes };
      });
      checkCanceled();
      const { sql: rewritten, typingSql, names, nulls, zones, scanned } = prepared;
      if (explain) {
        const written = await writeExplain(conn, rewritten, q.resultFile);
        return { ...written, statementType: 'UTILITY', dataScannedBytes: 0, engineMs: performance.now() - started };
      }
      const written = await writeResult(
        conn,
        rewritten,
        names,
        nulls,
        q.resultFile,
        checkCanceled,
        this.resultTypes,
        zones,
        typingSql,
      );
      return { ...written, statementType: 'DML', dataScannedBytes: scanned, engineMs: performance.now() - started };
    } catch (error) {
      if (q.signal.aborted) throw canceled();
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

function canceled(): EngineError {
  return userError('USER_CANCELED', 'Query was canceled by user');
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
