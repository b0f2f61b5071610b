import type { ResultSetMetadata, Row } from '@aws-sdk/client-athena';
import { encodeJson11Output, withEncodedBody } from '../protocol/json11.js';
import { headObject } from '../s3/object-store.js';
import { prefetchCsvPageJson, readCsvPage, takeCsvPageJson } from './csv-pages.js';
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
 * The rows' JSON is written straight from the file's bytes (`readCsvPageJson`), not built from objects.
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

  // The file's first line names the columns: the first row of a SELECT's first page (it counts toward
  // MaxResults), skipped for DDL and UTILITY.
  const start = offset === 0 && !result.headerRow ? readCsvPage(file, 0, 1).nextOffset : offset;
  const page = start === undefined ? undefined : takeCsvPageJson(file, start, size);
  const next = page?.nextOffset;
  if (next !== undefined) {
    // Read the next page while the client decodes this one (see `prefetchCsvPageJson`).
    const ahead = file;
    setImmediate(() => prefetchCsvPageJson(ahead, next, size));
  }
  const updateCount = execution.StatementType === 'DML' ? (result.updateCount ?? 0) : undefined;
  const nextToken = next !== undefined ? encodeAthenaToken('GetQueryResults', `${id}:${next}`) : undefined;
  const metadata: ResultSetMetadata = { ColumnInfo: result.columns };

  // The body the generic encoder would write for the output below, with the rows' JSON made from the file's
  // bytes (copied here: `page.json` is scratch space).
  const head = Buffer.from(
    `{${updateCount !== undefined ? `"UpdateCount":${JSON.stringify(updateCount)},` : ''}"ResultSet":{"Rows":[`,
    'utf8',
  );
  const tail = Buffer.from(
    `],"ResultSetMetadata":${encodeJson11Output(metadata)}}` +
      `${nextToken !== undefined ? `,"NextToken":${JSON.stringify(nextToken)}` : ''}}`,
    'utf8',
  );
  const rowsJson = page?.json ?? Buffer.alloc(0);
  const body = Buffer.concat([head, rowsJson, tail]);

  let rows: Row[] | undefined;
  const output = {
    ...(updateCount !== undefined ? { UpdateCount: updateCount } : {}),
    ResultSet: {
      // Only in-process callers decode the rows; the wire gets `body`.
      get Rows(): Row[] {
        rows ??= JSON.parse(body.toString('utf8', head.length - 1, body.length - tail.length + 1)) as Row[];
        return rows;
      },
      ResultSetMetadata: metadata,
    },
    ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
  };
  return withEncodedBody(output, body);
};

export const resultOperations = { GetQueryResults: getQueryResults } satisfies Partial<AthenaOperations>;
