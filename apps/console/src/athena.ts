import {
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  ListQueryExecutionsCommand,
  ListWorkGroupsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  type WorkGroupSummary,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { aws, collect } from './aws';

const OUTPUT_KEY = 'lakebox.query.output';
const WORKGROUP_KEY = 'lakebox.query.workgroup';
/** Where the console's queries write results when the workgroup names no output location. */
export const DEFAULT_OUTPUT = 's3://lakebox-console-results/';
/** The workgroup every account has, and the editor's choice until another is picked. */
export const PRIMARY_WORKGROUP = 'primary';

/** The workgroup picked in the query editor (remembered in this browser). */
export function savedWorkgroup(): string {
  return localStorage.getItem(WORKGROUP_KEY) || PRIMARY_WORKGROUP;
}

export function saveWorkgroup(name: string): void {
  localStorage.setItem(WORKGROUP_KEY, name);
}

/** Every workgroup of the account and region, by name. */
export async function listWorkgroups(): Promise<WorkGroupSummary[]> {
  const all = await collect(async (t) => {
    const o = await aws.athena.send(new ListWorkGroupsCommand({ NextToken: t }));
    return { items: o.WorkGroups, next: o.NextToken };
  });
  return all.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
}

/** BatchGetQueryExecution takes at most this many ids per call. */
const BATCH = 50;

/** The executions of `ids` (any number), newest submission first. */
export async function getExecutions(ids: string[]): Promise<QueryExecution[]> {
  const out: QueryExecution[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const o = await aws.athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids.slice(i, i + BATCH) }));
    out.push(...(o.QueryExecutions ?? []));
  }
  return out.sort(
    (a, b) => (b.Status?.SubmissionDateTime?.getTime() ?? 0) - (a.Status?.SubmissionDateTime?.getTime() ?? 0),
  );
}

/** Up to `max` (≤ 50) query ids of one workgroup, newest first; `more` when the workgroup has further ones. */
export async function workgroupQueryIds(workgroup: string, max = 50): Promise<{ ids: string[]; more: boolean }> {
  const o = await aws.athena.send(new ListQueryExecutionsCommand({ WorkGroup: workgroup, MaxResults: max }));
  return { ids: o.QueryExecutionIds ?? [], more: o.NextToken !== undefined };
}

export function savedOutputLocation(): string {
  return localStorage.getItem(OUTPUT_KEY) || DEFAULT_OUTPUT;
}

export function saveOutputLocation(location: string): void {
  localStorage.setItem(OUTPUT_KEY, location);
}

export interface WorkgroupOutput {
  /** The workgroup's own result location, if it names one (then the console's setting is not needed). */
  location?: string;
  /** `EnforceWorkGroupConfiguration`: the workgroup's settings override what a query asks for. */
  enforced: boolean;
}

/** The result settings of a workgroup. */
export async function workgroupOutput(workgroup: string): Promise<WorkgroupOutput> {
  const wg = (await aws.athena.send(new GetWorkGroupCommand({ WorkGroup: workgroup }))).WorkGroup;
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

/**
 * Start a query in `workgroup` (the editor's pick by default). Results go to the workgroup's location, else to
 * the console's (created if missing). A workgroup that enforces its configuration is sent no result settings:
 * Athena would ignore them, and one with no location then fails the query with Athena's own message.
 */
export async function startQuery(
  sql: string,
  database: string | undefined,
  workgroup: string = savedWorkgroup(),
): Promise<string> {
  const wg: WorkgroupOutput = await workgroupOutput(workgroup).catch(() => ({ location: undefined, enforced: false }));
  const fallback = !wg.location && !wg.enforced;
  const output = savedOutputLocation();
  if (fallback) await ensureBucket(output);
  const out = await aws.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: workgroup,
      ...(database ? { QueryExecutionContext: { Database: database } } : {}),
      ...(fallback ? { ResultConfiguration: { OutputLocation: output } } : {}),
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
