import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { aws } from './aws';

const OUTPUT_KEY = 'lakebox.query.output';
/** Where the console's queries write results when the workgroup names no output location. */
export const DEFAULT_OUTPUT = 's3://lakebox-console-results/';
export const WORKGROUP = 'primary';

export function savedOutputLocation(): string {
  return localStorage.getItem(OUTPUT_KEY) || DEFAULT_OUTPUT;
}

export function saveOutputLocation(location: string): void {
  localStorage.setItem(OUTPUT_KEY, location);
}

/** The workgroup's own output location, if it has one (then the console's setting is not needed). */
export async function workgroupOutput(): Promise<{ location?: string; enforced: boolean }> {
  const wg = (await aws.athena.send(new GetWorkGroupCommand({ WorkGroup: WORKGROUP }))).WorkGroup;
  const config = wg?.Configuration;
  return {
    location: config?.ResultConfiguration?.OutputLocation,
    enforced: config?.EnforceWorkGroupConfiguration === true,
  };
}

const ensured = new Set<string>();

/** Create the output bucket on first use, so the query editor works on a fresh lakebox. */
async function ensureBucket(location: string): Promise<void> {
  const bucket = /^s3:\/\/([^/]+)/.exec(location)?.[1];
  if (!bucket || ensured.has(bucket)) return;
  try {
    await aws.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
      if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
    });
  }
  ensured.add(bucket);
}

/** Start a query. Results go to the workgroup's location, else to the console's (created if missing). */
export async function startQuery(sql: string, database: string | undefined): Promise<string> {
  const wg = await workgroupOutput().catch(() => ({ location: undefined, enforced: false }));
  const output = wg.location ?? savedOutputLocation();
  if (!wg.location) await ensureBucket(output);
  const out = await aws.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: WORKGROUP,
      ...(database ? { QueryExecutionContext: { Database: database } } : {}),
      ...(wg.location ? {} : { ResultConfiguration: { OutputLocation: output } }),
    }),
  );
  return out.QueryExecutionId ?? '';
}

export const FINAL_QUERY_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Poll until the query is final (`onState` sees each state); `signal` stops waiting (not the query). */
export async function waitQuery(
  id: string,
  onState?: (q: QueryExecution) => void,
  signal?: AbortSignal,
): Promise<QueryExecution> {
  let delay = 50;
  for (;;) {
    const q = (await aws.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution ?? {};
    onState?.(q);
    if (FINAL_QUERY_STATES.has(q.Status?.State ?? '')) return q;
    if (signal?.aborted) return q;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

export interface ResultColumn {
  name: string;
  type: string;
}

export interface ResultPage {
  columns: ResultColumn[];
  rows: (string | null)[][];
  next: string | undefined;
}

/** One page of results; the header row Athena puts first on a SELECT's first page is dropped. */
export async function resultPage(id: string, token: string | undefined, max = 100): Promise<ResultPage> {
  const out = await aws.athena.send(
    new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: max + (token ? 0 : 1) }),
  );
  const columns = (out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
    name: c.Name ?? c.Label ?? '',
    type: c.Type ?? '',
  }));
  let rows = (out.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
  if (!token && rows.length > 0 && columns.length > 0 && rows[0]!.every((v, i) => v === columns[i]?.name))
    rows = rows.slice(1);
  return { columns, rows, next: out.NextToken };
}

/** `line 3:14: ...` in an Athena error message → {line, column}. */
export function errorPosition(message: string | undefined): { line: number; column: number } | undefined {
  const m = /line (\d+):(\d+)/i.exec(message ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}
