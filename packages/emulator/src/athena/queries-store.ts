import type { ColumnInfo, QueryExecution, QueryExecutionState } from '@aws-sdk/client-athena';
import type { Db } from '../store/sqlite.js';
import { fromAthenaDoc, toAthenaDoc } from './documents.js';
import { athenaErrors } from './errors.js';
import { statesBefore } from './query-states.js';
import type { Scope } from './workgroups-store.js';

/** Where GetQueryResults reads a finished query's rows from. Stored once the query SUCCEEDED. */
export interface ResultSource {
  /** The result object in lakebox S3 (SELECT and other DML): its bytes are the file to page. */
  object?: { bucket: string; key: string };
  /** A file under the scratch directory (DDL and UTILITY, whose S3 object is the `.txt` rendering). */
  file?: string;
  /** Whether the first line of the file (the column names) is returned as the first row. */
  headerRow: boolean;
  columns: ColumnInfo[];
  updateCount?: number;
  /** Data rows the engine wrote (header excluded), and the size of the result file: runtime statistics. */
  rowCount?: number;
  outputBytes?: number;
}

export interface StoredQuery {
  execution: QueryExecution;
  result: ResultSource | undefined;
}

export function findQuery(db: Db, scope: Scope, id: string): StoredQuery | undefined {
  const row = db
    .prepare('SELECT doc, result FROM athena_query_executions WHERE account = ? AND region = ? AND id = ?')
    .get(scope.account, scope.region, id) as { doc: string; result: string | null } | undefined;
  if (!row) return undefined;
  return {
    execution: fromAthenaDoc<QueryExecution>(row.doc),
    result: row.result === null ? undefined : (JSON.parse(row.result) as ResultSource),
  };
}

export function requireQuery(db: Db, scope: Scope, id: string): StoredQuery {
  const found = findQuery(db, scope, id);
  if (!found) throw athenaErrors.queryNotFound(id);
  return found;
}

/** The id of the execution a ClientRequestToken started, with what that request asked for. */
export function findByToken(db: Db, scope: Scope, token: string): { id: string; requestKey: string } | undefined {
  const row = db
    .prepare(
      'SELECT id, request_key FROM athena_query_executions WHERE account = ? AND region = ? AND client_token = ?',
    )
    .get(scope.account, scope.region, token) as { id: string; request_key: string } | undefined;
  return row ? { id: row.id, requestKey: row.request_key } : undefined;
}

export function insertQuery(
  db: Db,
  scope: Scope,
  q: { execution: QueryExecution; clientToken: string | undefined; requestKey: string },
): void {
  // Ordered within the workgroup (what ListQueryExecutions lists), found through the workgroup index.
  const seq =
    (db
      .prepare(
        'SELECT coalesce(max(seq), 0) FROM athena_query_executions WHERE account = ? AND region = ? AND workgroup = ?',
      )
      .pluck()
      .get(scope.account, scope.region, q.execution.WorkGroup ?? '') as number) + 1;
  db.prepare(
    'INSERT INTO athena_query_executions (account, region, id, seq, workgroup, client_token, request_key, state, doc) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    scope.account,
    scope.region,
    q.execution.QueryExecutionId ?? '',
    seq,
    q.execution.WorkGroup ?? '',
    q.clientToken ?? null,
    q.requestKey,
    q.execution.Status?.State ?? 'QUEUED',
    toAthenaDoc(q.execution),
  );
}

/**
 * Move a query to `execution.Status.State` if the transition table allows it from the state it is in now.
 * Returns false (and changes nothing) when it does not, e.g. a query stopped while it ran cannot succeed.
 */
export function transitionQuery(db: Db, scope: Scope, execution: QueryExecution, result?: ResultSource): boolean {
  const to = (execution.Status?.State ?? 'QUEUED') as QueryExecutionState;
  const from = statesBefore(to);
  const placeholders = from.map(() => '?').join(', ');
  const changed = db
    .prepare(
      `UPDATE athena_query_executions SET state = ?, doc = ?, result = ? WHERE account = ? AND region = ? AND id = ? AND state IN (${placeholders})`,
    )
    .run(
      to,
      toAthenaDoc(execution),
      result ? JSON.stringify(result) : null,
      scope.account,
      scope.region,
      execution.QueryExecutionId ?? '',
      ...from,
    );
  return changed.changes > 0;
}

/** Ids of a workgroup's executions, newest first, after the one with `beforeSeq`. */
export function listQueryIds(
  db: Db,
  scope: Scope,
  workgroup: string,
  beforeSeq: number,
  limit: number,
): { id: string; seq: number }[] {
  return db
    .prepare(
      'SELECT id, seq FROM athena_query_executions WHERE account = ? AND region = ? AND workgroup = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    )
    .all(scope.account, scope.region, workgroup, beforeSeq, limit) as { id: string; seq: number }[];
}

/** Every execution left QUEUED or RUNNING by a previous process: nothing will ever finish them. */
export function unfinishedQueries(db: Db): { account: string; region: string; doc: string }[] {
  return db
    .prepare("SELECT account, region, doc FROM athena_query_executions WHERE state IN ('QUEUED', 'RUNNING')")
    .all() as { account: string; region: string; doc: string }[];
}
