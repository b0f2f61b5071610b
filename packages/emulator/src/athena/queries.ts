import { randomUUID } from 'node:crypto';
import type { QueryExecution, ResultConfiguration, UnprocessedQueryExecutionId } from '@aws-sdk/client-athena';
import { bucketExists, parseS3Uri } from '../s3/object-store.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPageSize, decodeAthenaToken, encodeAthenaToken } from './pagination.js';
import { findPreparedStatement } from './prepared-statements.js';
import { findByToken, findQuery, insertQuery, listQueryIds, requireQuery, transitionQuery } from './queries-store.js';
import { CANCELLED_BY_USER, getQueryRunner, POLL_HOLD_MS } from './query-runner.js';
import { isFinal } from './query-states.js';
import { resultLocation } from './result-objects.js';
import { classifyStatement, parseExecute } from './statement.js';
import { PRIMARY_WORKGROUP, requireWorkGroup, scopeOf } from './workgroups-store.js';

/**
 * StartQueryExecution, GetQueryExecution, StopQueryExecution, ListQueryExecutions, BatchGetQueryExecution,
 * GetQueryRuntimeStatistics. Queries run asynchronously in `query-runner.ts`; results are paged by `results.ts`.
 *
 * Messages are Athena's as public reports quote them: `No output location provided. ...`,
 * `Idempotent parameters do not match`, `Unable to verify/create output bucket <bucket>`,
 * `QueryExecution <id> was not found`, `WorkGroup is not found.`.
 *
 * LIMITATIONS: result reuse, encryption, ACLs and ExpectedBucketOwner are recorded, never applied. The output
 * bucket is checked when the query starts (Athena answers InvalidRequestException there). A DISABLED
 * workgroup's refusal message is lakebox's own wording.
 */

/** What a retry with the same ClientRequestToken must repeat (what Athena was measured to compare). */
function requestKey(input: Parameters<AthenaOperations['StartQueryExecution']>[1]): string {
  return JSON.stringify([
    input.QueryString ?? '',
    input.QueryExecutionContext?.Database ?? null,
    input.ResultConfiguration?.OutputLocation ?? null,
  ]);
}

function outputOf(location: string): { bucket: string; prefix: string } {
  const parsed = parseS3Uri(location);
  if (!parsed || !location.toLowerCase().startsWith('s3://')) {
    throw athenaErrors.invalidInput('outputLocation is not a valid S3 path.');
  }
  const prefix = parsed.key === '' || parsed.key.endsWith('/') ? parsed.key : `${parsed.key}/`;
  return { bucket: parsed.bucket, prefix };
}

export const startQueryExecution: AthenaOperations['StartQueryExecution'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const runner = getQueryRunner(ctx.lakebox);
  const workgroupName = input.WorkGroup ?? PRIMARY_WORKGROUP;
  const token = input.ClientRequestToken;
  const key = requestKey(input);
  if (token) {
    const previous = findByToken(ctx.db, scope, token);
    if (previous) {
      if (previous.requestKey !== key) {
        throw athenaErrors.invalidRequest('Idempotent parameters do not match', 'IDEMPOTENT_PARAMETER_MISMATCH');
      }
      return { QueryExecutionId: previous.id };
    }
  }
  const wg = requireWorkGroup(ctx.db, scope, workgroupName);
  if (wg.State === 'DISABLED') throw athenaErrors.invalidInput(`WorkGroup ${workgroupName} is disabled.`);
  const config = wg.Configuration ?? {};
  const effective: ResultConfiguration = config.EnforceWorkGroupConfiguration
    ? { ...config.ResultConfiguration }
    : { ...config.ResultConfiguration, ...input.ResultConfiguration };
  if (!effective.OutputLocation) {
    throw athenaErrors.invalidInput(
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
  }
  const output = outputOf(effective.OutputLocation);
  if (!bucketExists(ctx.lakebox, output.bucket)) {
    throw athenaErrors.invalidRequest(`Unable to verify/create output bucket ${output.bucket}`);
  }

  const sql = input.QueryString ?? '';
  let engineSql = sql;
  let parameters = input.ExecutionParameters ?? [];
  const execute = parseExecute(sql);
  if (execute) {
    const ps = findPreparedStatement(ctx.db, scope, workgroupName, execute.name);
    if (!ps)
      throw athenaErrors.invalidInput(
        `Prepared statement ${execute.name} was not found in WorkGroup ${workgroupName}.`,
      );
    engineSql = ps.QueryStatement ?? '';
    if (execute.parameters.length > 0) parameters = execute.parameters;
  }
  const kind = classifyStatement(engineSql);
  const id = randomUUID();
  const execution: QueryExecution = {
    QueryExecutionId: id,
    Query: sql,
    StatementType: kind.statementType,
    ResultConfiguration: {
      ...effective,
      OutputLocation: resultLocation(output, id, kind.statementType === 'DML' ? 'csv' : 'txt'),
    },
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    QueryExecutionContext: { ...input.QueryExecutionContext },
    Status: { State: 'QUEUED', SubmissionDateTime: ctx.now },
    Statistics: {
      EngineExecutionTimeInMillis: 0,
      DataScannedInBytes: 0,
      TotalExecutionTimeInMillis: 0,
      QueryQueueTimeInMillis: 0,
      ServicePreProcessingTimeInMillis: 0,
      QueryPlanningTimeInMillis: 0,
      ServiceProcessingTimeInMillis: 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: workgroupName,
    ...(config.EngineVersion ? { EngineVersion: config.EngineVersion } : {}),
    ...(input.ExecutionParameters ? { ExecutionParameters: input.ExecutionParameters } : {}),
    ...(kind.substatementType ? { SubstatementType: kind.substatementType } : {}),
  };
  // Synchronous from the token check to here: no other request can take the token in between.
  insertQuery(ctx.db, scope, { execution, clientToken: token, requestKey: key });
  runner.submit({
    scope,
    id,
    sql: engineSql,
    catalog: input.QueryExecutionContext?.Catalog ?? 'AwsDataCatalog',
    database: input.QueryExecutionContext?.Database,
    parameters,
    output,
    bytesScannedCutoff: config.BytesScannedCutoffPerQuery,
  });
  return { QueryExecutionId: id };
};

/** While the query is QUEUED or RUNNING the answer waits for its next state, up to `POLL_HOLD_MS`. */
export const getQueryExecution: AthenaOperations['GetQueryExecution'] = async (ctx, input) => {
  const runner = getQueryRunner(ctx.lakebox); // settles executions a previous process left unfinished
  const scope = scopeOf(ctx);
  const id = input.QueryExecutionId ?? '';
  const { execution } = requireQuery(ctx.db, scope, id);
  if (isFinal(execution.Status?.State ?? 'QUEUED') || !runner.has(id)) return { QueryExecution: execution };
  await runner.waitForChange(id, POLL_HOLD_MS);
  return { QueryExecution: requireQuery(ctx.db, scope, id).execution };
};

export const stopQueryExecution: AthenaOperations['StopQueryExecution'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const id = input.QueryExecutionId ?? '';
  const { execution } = requireQuery(ctx.db, scope, id);
  if (isFinal(execution.Status?.State ?? 'QUEUED')) return {};
  transitionQuery(ctx.db, scope, {
    ...execution,
    Status: {
      ...execution.Status,
      State: 'CANCELLED',
      StateChangeReason: CANCELLED_BY_USER,
      CompletionDateTime: ctx.now,
    },
  });
  getQueryRunner(ctx.lakebox).abort(id);
  return {};
};

export const listQueryExecutions: AthenaOperations['ListQueryExecutions'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? PRIMARY_WORKGROUP;
  requireWorkGroup(ctx.db, scope, workgroup);
  const size = athenaPageSize('ListQueryExecutions', input.MaxResults);
  const after = decodeAthenaToken('ListQueryExecutions', input.NextToken);
  if (after !== undefined && !/^\d+$/.test(after)) throw athenaErrors.malformedToken(input.NextToken ?? '');
  const beforeSeq = after === undefined ? Number.MAX_SAFE_INTEGER : Number(after);
  const rows = listQueryIds(ctx.db, scope, workgroup, beforeSeq, size + 1);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return {
    QueryExecutionIds: page.map((r) => r.id),
    ...(rows.length > size && last ? { NextToken: encodeAthenaToken('ListQueryExecutions', String(last.seq)) } : {}),
  };
};

export const batchGetQueryExecution: AthenaOperations['BatchGetQueryExecution'] = (ctx, input) => {
  getQueryRunner(ctx.lakebox);
  const scope = scopeOf(ctx);
  const QueryExecutions: QueryExecution[] = [];
  const UnprocessedQueryExecutionIds: UnprocessedQueryExecutionId[] = [];
  for (const id of input.QueryExecutionIds ?? []) {
    const found = findQuery(ctx.db, scope, id);
    if (found) QueryExecutions.push(found.execution);
    else {
      UnprocessedQueryExecutionIds.push({
        QueryExecutionId: id,
        ErrorCode: 'INVALID_INPUT',
        ErrorMessage: `QueryExecution ${id} was not found`,
      });
    }
  }
  return { QueryExecutions, UnprocessedQueryExecutionIds };
};

export const getQueryRuntimeStatistics: AthenaOperations['GetQueryRuntimeStatistics'] = (ctx, input) => {
  const { execution, result } = requireQuery(ctx.db, scopeOf(ctx), input.QueryExecutionId ?? '');
  const s = execution.Statistics ?? {};
  return {
    QueryRuntimeStatistics: {
      Timeline: {
        QueryQueueTimeInMillis: s.QueryQueueTimeInMillis ?? 0,
        ServicePreProcessingTimeInMillis: s.ServicePreProcessingTimeInMillis ?? 0,
        QueryPlanningTimeInMillis: s.QueryPlanningTimeInMillis ?? 0,
        EngineExecutionTimeInMillis: s.EngineExecutionTimeInMillis ?? 0,
        ServiceProcessingTimeInMillis: s.ServiceProcessingTimeInMillis ?? 0,
        TotalExecutionTimeInMillis: s.TotalExecutionTimeInMillis ?? 0,
      },
      ...(result
        ? {
            Rows: {
              InputRows: result.rowCount ?? 0,
              InputBytes: s.DataScannedInBytes ?? 0,
              OutputBytes: result.outputBytes ?? 0,
              OutputRows: result.rowCount ?? 0,
            },
          }
        : {}),
    },
  };
};

export const queryOperations = {
  StartQueryExecution: startQueryExecution,
  GetQueryExecution: getQueryExecution,
  StopQueryExecution: stopQueryExecution,
  ListQueryExecutions: listQueryExecutions,
  BatchGetQueryExecution: batchGetQueryExecution,
  GetQueryRuntimeStatistics: getQueryRuntimeStatistics,
} satisfies Partial<AthenaOperations>;
