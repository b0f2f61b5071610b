import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';

/**
 * How GetQueryExecution is polled: first after `firstMs`, then each wait `factor` times longer, up to
 * `maxMs`. Short at first so that polling does not dominate small queries; capped so that a long query
 * is seen finished at most `maxMs` late.
 */
export const POLL = { firstMs: 5, factor: 1.5, maxMs: 10 } as const;

/** GetQueryResults page size: the Athena maximum. */
const PAGE_SIZE = 1000;

/** One end-to-end Athena query, as a client sees it. */
export interface AthenaRun {
  queryExecutionId: string;
  /** StartQueryExecution sent → last result page received. */
  totalMs: number;
  /** StartQueryExecution sent → GetQueryExecution answered SUCCEEDED. */
  untilSucceededMs: number;
  /** First GetQueryResults sent → last page received. */
  pagingMs: number;
  /** GetQueryExecution calls made. */
  polls: number;
  /** GetQueryResults calls made. */
  pages: number;
  /** Data rows received (the header row of a SELECT excluded). */
  rows: number;
  dataScannedBytes: number;
  /** Statistics.EngineExecutionTimeInMillis as lakebox reports it. */
  engineMs: number;
}

/**
 * Run `sql` through the Athena API and time it end to end: StartQueryExecution, GetQueryExecution
 * polled (see `POLL`) until SUCCEEDED, then every result page with GetQueryResults (MaxResults 1000,
 * following NextToken). A FAILED or CANCELLED query throws with Athena's reason.
 */
export async function runAthenaQuery(
  athena: AthenaClient,
  sql: string,
  context: { database: string; outputLocation: string },
): Promise<AthenaRun> {
  const started = performance.now();
  const { QueryExecutionId: id } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: context.database },
      ResultConfiguration: { OutputLocation: context.outputLocation },
    }),
  );
  if (!id) throw new Error('StartQueryExecution returned no QueryExecutionId');

  let polls = 0;
  let wait: number = POLL.firstMs;
  let dataScannedBytes = 0;
  let engineMs = 0;
  for (;;) {
    await sleep(wait);
    polls++;
    const { QueryExecution: q } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') {
      dataScannedBytes = q?.Statistics?.DataScannedInBytes ?? 0;
      engineMs = q?.Statistics?.EngineExecutionTimeInMillis ?? 0;
      break;
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(
        `query ${state}: ${q?.Status?.StateChangeReason ?? q?.Status?.AthenaError?.ErrorMessage}\n${sql}`,
      );
    }
    wait = Math.min(wait * POLL.factor, POLL.maxMs);
  }
  const succeeded = performance.now();

  let pages = 0;
  let rows = 0;
  let token: string | undefined;
  do {
    const out = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, NextToken: token }),
    );
    // The first page of a SELECT starts with the header row (the column names).
    rows += (out.ResultSet?.Rows?.length ?? 0) - (pages === 0 ? 1 : 0);
    pages++;
    token = out.NextToken;
  } while (token);
  const finished = performance.now();

  return {
    queryExecutionId: id,
    totalMs: finished - started,
    untilSucceededMs: succeeded - started,
    pagingMs: finished - succeeded,
    polls,
    pages,
    rows,
    dataScannedBytes,
    engineMs,
  };
}

/**
 * Page through a finished query's results again with plain `fetch` and `JSON.parse` instead of the SDK
 * (lakebox does not check signatures; the Authorization header only names the account's region): how
 * fast lakebox serves pages, without the SDK's per-value deserialization on the client. Returns the
 * data rows and the wall time.
 */
export async function pageWithFetch(endpoint: string, queryExecutionId: string): Promise<{ rows: number; ms: number }> {
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'AmazonAthena.GetQueryResults',
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/athena/aws4_request, SignedHeaders=host, Signature=0',
  };
  const started = performance.now();
  let rows = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ QueryExecutionId: queryExecutionId, MaxResults: PAGE_SIZE, NextToken: token }),
    });
    const page = (await response.json()) as { ResultSet?: { Rows?: unknown[] }; NextToken?: string; message?: string };
    if (!response.ok) throw new Error(`GetQueryResults answered ${response.status}: ${page.message ?? ''}`);
    rows += (page.ResultSet?.Rows?.length ?? 0) - (pages === 0 ? 1 : 0);
    pages++;
    token = page.NextToken;
  } while (token);
  return { rows, ms: performance.now() - started };
}
