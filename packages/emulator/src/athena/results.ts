import type { Datum, Row } from '@aws-sdk/client-athena';
import { headObject } from '../s3/object-store.js';
import { readCsvPage } from './csv-pages.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPageSize, decodeAthenaToken, encodeAthenaToken } from './pagination.js';
import { requireQuery } from './queries-store.js';
import { getQueryRunner } from './query-runner.js';
import { scopeOf } from './workgroups-store.js';

/**
 * GetQueryResults: pages of at most 1000 rows read from the result file by byte offset (the NextToken carries
 * the query id and the offset), so a page costs what it returns. A SELECT's first page starts with the
 * header row (it counts toward MaxResults, as in Athena); DDL and UTILITY results have none. Values are
 * `VarCharValue` strings; a NULL is a Datum without `VarCharValue`, an empty string keeps `VarCharValue: ''`.
 *
 * Messages for queries without results are Athena's (quoted in public reports):
 * `Query has not yet finished. Current state: RUNNING`, `Query did not finish successfully. Final query state:
 * FAILED`, `Could not find results` (cancelled).
 */

function stateError(state: string) {
  if (state === 'QUEUED' || state === 'RUNNING') {
    return athenaErrors.invalidRequest(
      `Query has not yet finished. Current state: ${state}`,
      'INVALID_QUERY_EXECUTION_STATE',
    );
  }
  if (state === 'CANCELLED') return athenaErrors.invalidRequest('Could not find results', 'RESULT_NOT_FOUND');
  return athenaErrors.invalidRequest(
    `Query did not finish successfully. Final query state: ${state}`,
    'INVALID_QUERY_EXECUTION_STATE',
  );
}

function toRow(values: readonly (string | null)[]): Row {
  return { Data: values.map((v): Datum => (v === null ? {} : { VarCharValue: v })) };
}

export const getQueryResults: AthenaOperations['GetQueryResults'] = (ctx, input) => {
  const id = input.QueryExecutionId ?? '';
  getQueryRunner(ctx.lakebox); // settles executions a previous process left unfinished
  const { execution, result } = requireQuery(ctx.db, scopeOf(ctx), id);
  const state = execution.Status?.State ?? 'QUEUED';
  if (state !== 'SUCCEEDED' || !result) throw stateError(state);

  let offset = 0;
  if (input.NextToken !== undefined) {
    const position = decodeAthenaToken('GetQueryResults', input.NextToken) ?? '';
    const [tokenId, at] = [position.slice(0, position.lastIndexOf(':')), position.slice(position.lastIndexOf(':') + 1)];
    if (tokenId !== id || !/^\d+$/.test(at)) throw athenaErrors.malformedToken(input.NextToken);
    offset = Number(at);
  }
  const size = athenaPageSize('GetQueryResults', input.MaxResults);

  let file = result.file;
  if (result.object) {
    const object = headObject(ctx.lakebox, result.object.bucket, result.object.key);
    if (!object) throw athenaErrors.invalidRequest('Could not find results', 'RESULT_NOT_FOUND');
    file = object.path;
  }
  if (file === undefined) throw athenaErrors.invalidRequest('Could not find results', 'RESULT_NOT_FOUND');

  const rows: Row[] = [];
  let next: number | undefined = offset;
  if (offset === 0) {
    // The file's first line names the columns: a row for a SELECT, skipped otherwise.
    const header = readCsvPage(file, 0, 1);
    next = header.nextOffset;
    if (result.headerRow) rows.push(...header.rows.map(toRow));
  }
  if (next !== undefined && rows.length < size) {
    const page = readCsvPage(file, next, size - rows.length);
    rows.push(...page.rows.map(toRow));
    next = page.nextOffset;
  }
  const statementType = execution.StatementType;
  return {
    ...(statementType === 'DML' ? { UpdateCount: result.updateCount ?? 0 } : {}),
    ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: result.columns } },
    ...(next !== undefined ? { NextToken: encodeAthenaToken('GetQueryResults', `${id}:${next}`) } : {}),
  };
};

export const resultOperations = { GetQueryResults: getQueryResults } satisfies Partial<AthenaOperations>;
