import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  type Row,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { StartOptions } from '@lakebox/emulator';
import { startTestLakebox, TEST_CREDENTIALS, type TestLakebox } from './lakebox.js';

/** A live lakebox with Athena and S3 clients, and a results bucket `results` already created. */
export interface AthenaTestLakebox extends TestLakebox {
  athena: AthenaClient;
  s3: S3Client;
  /** `s3://results/out/`: an output location that exists. */
  output: string;
}

/**
 * @example
 * await using t = await startAthenaTestLakebox();
 * const q = await runQuery(t, { QueryString: 'SELECT 1' });
 */
export async function startAthenaTestLakebox(options: StartOptions = {}): Promise<AthenaTestLakebox> {
  const base = await startTestLakebox(options);
  const common = { endpoint: base.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const athena = new AthenaClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'results' })).catch((e: Error) => {
    if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
  });
  return {
    ...base,
    athena,
    s3,
    output: 's3://results/out/',
    async [Symbol.asyncDispose]() {
      athena.destroy();
      s3.destroy();
      await base[Symbol.asyncDispose]();
    },
  };
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Poll GetQueryExecution until the query reaches a final state (or `timeoutMs` passes). */
export async function waitForQuery(athena: AthenaClient, id: string, timeoutMs = 20_000): Promise<QueryExecution> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { QueryExecution: q } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    if (q && FINAL.has(q.Status?.State ?? '')) return q;
    if (Date.now() > until) throw new Error(`query ${id} still ${q?.Status?.State} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Start a query (output location `t.output` unless given) and wait for its final state. */
export async function runQuery(t: AthenaTestLakebox, input: StartQueryExecutionCommandInput): Promise<QueryExecution> {
  const { QueryExecutionId } = await t.athena.send(
    new StartQueryExecutionCommand({ ResultConfiguration: { OutputLocation: t.output }, ...input }),
  );
  return waitForQuery(t.athena, QueryExecutionId ?? '');
}

/** Every row of a query's results, following NextToken; `pages` counts the calls. */
export async function allRows(
  athena: AthenaClient,
  id: string,
  maxResults?: number,
): Promise<{ rows: Row[]; pages: Row[][] }> {
  const pages: Row[][] = [];
  let token: string | undefined;
  do {
    const out = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: maxResults }),
    );
    pages.push(out.ResultSet?.Rows ?? []);
    token = out.NextToken;
  } while (token);
  return { rows: pages.flat(), pages };
}

/** A row's values, NULL as `null`. */
export function values(row: Row): (string | null)[] {
  return (row.Data ?? []).map((d) => (d.VarCharValue === undefined ? null : d.VarCharValue));
}
