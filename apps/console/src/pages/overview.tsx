import type { QueryExecution } from '@aws-sdk/client-athena';
import {
  GetCrawlersCommand,
  GetDatabasesCommand,
  GetJobRunsCommand,
  GetJobsCommand,
  GetPartitionsCommand,
  GetTablesCommand,
  type JobRun,
} from '@aws-sdk/client-glue';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { getExecutions, listWorkgroups, workgroupQueryIds } from '../athena';
import { aws, collect, isUnsupported } from '../aws';
import { recentEvents, useAsync, useRunEvents } from '../hooks';
import { href } from '../router';
import { Card, DataTable, Empty, ErrorBox, formatAgo, formatDuration, Page, StateBadge } from '../ui';

/** A count that may be unknowable (an operation this lakebox does not serve yet). */
type Count = { value: number; more?: boolean } | { unsupported: true } | { error: string };

async function count(fn: () => Promise<{ value: number; more?: boolean }>): Promise<Count> {
  try {
    return await fn();
  } catch (e) {
    if (isUnsupported(e)) return { unsupported: true };
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Partitions are counted over at most this many tables, and up to this many per table, so the overview stays
 *  fast on a big catalog (the tile then says `N+`). */
const PARTITION_TABLES = 50;
const PARTITIONS_PER_TABLE = 5000;

async function loadCatalog() {
  const databases = await collect(async (t) => {
    const o = await aws.glue.send(new GetDatabasesCommand({ NextToken: t }));
    return { items: o.DatabaseList, next: o.NextToken };
  });
  const tables = (
    await Promise.all(
      databases.map((d) =>
        collect(async (t) => {
          const o = await aws.glue.send(new GetTablesCommand({ DatabaseName: d.Name, NextToken: t }));
          return { items: o.TableList, next: o.NextToken };
        }),
      ),
    )
  ).flat();
  const partitioned = tables.filter((t) => (t.PartitionKeys?.length ?? 0) > 0);
  const counted = partitioned.slice(0, PARTITION_TABLES);
  const partitionCounts = await Promise.all(
    counted.map(
      async (t) =>
        (
          await collect(async (tok) => {
            const o = await aws.glue.send(
              new GetPartitionsCommand({
                DatabaseName: t.DatabaseName,
                TableName: t.Name,
                NextToken: tok,
                MaxResults: 1000,
                ExcludeColumnSchema: true,
              }),
            );
            return { items: o.Partitions, next: o.NextToken };
          }, PARTITIONS_PER_TABLE)
        ).length,
    ),
  );
  return {
    databases: databases.length,
    tables: tables.length,
    partitions: {
      value: partitionCounts.reduce((a, b) => a + b, 0),
      more: partitioned.length > counted.length || partitionCounts.some((n) => n >= PARTITIONS_PER_TABLE),
    },
  };
}

async function loadJobs(): Promise<{ jobs: number; runs: JobRun[] }> {
  const jobs = await collect(async (t) => {
    const o = await aws.glue.send(new GetJobsCommand({ NextToken: t }));
    return { items: o.Jobs, next: o.NextToken };
  });
  const runs = (
    await Promise.all(
      jobs.map(
        async (j) => (await aws.glue.send(new GetJobRunsCommand({ JobName: j.Name, MaxResults: 20 }))).JobRuns ?? [],
      ),
    )
  ).flat();
  runs.sort((a, b) => (b.StartedOn?.getTime() ?? 0) - (a.StartedOn?.getTime() ?? 0));
  return { jobs: jobs.length, runs };
}

/** How many recent queries the overview lists (newest first, across every workgroup). */
const RECENT_QUERIES = 8;

/**
 * Queries of every workgroup: up to 50 ids each are counted (the tile says `N+` past that), and the newest few
 * of each are fetched and merged by submission time.
 */
async function loadQueries(): Promise<{ count: number; more: boolean; recent: QueryExecution[] }> {
  const workgroups = await listWorkgroups();
  const lists = await Promise.all(workgroups.map((w) => workgroupQueryIds(w.Name ?? '')));
  const newest = lists.flatMap((l) => l.ids.slice(0, RECENT_QUERIES));
  const recent = (await getExecutions(newest)).slice(0, RECENT_QUERIES);
  return {
    count: lists.reduce((n, l) => n + l.ids.length, 0),
    more: lists.some((l) => l.more),
    recent,
  };
}

function CountTile(props: { label: string; count: Count | undefined; link: string; hint?: string }) {
  const c = props.count;
  let value = '…';
  let note = props.hint;
  if (c && 'value' in c) value = `${c.value}${c.more ? '+' : ''}`;
  else if (c && 'unsupported' in c) {
    value = '—';
    note = 'not served yet';
  } else if (c && 'error' in c) {
    value = '!';
    note = c.error;
  }
  return (
    <a class="tile" href={props.link} data-testid={`count-${props.label.toLowerCase()}`}>
      <span class="tile-value">{value}</span>
      <span class="tile-label">{props.label}</span>
      {note && <span class="tile-note">{note}</span>}
    </a>
  );
}

export function OverviewPage() {
  const catalog = useAsync(() => loadCatalog(), []);
  const jobs = useAsync(() => loadJobs(), []);
  const crawlers = useAsync(
    () =>
      count(async () => ({
        value: (
          await collect(async (t) => {
            const o = await aws.glue.send(new GetCrawlersCommand({ NextToken: t }));
            return { items: o.Crawlers, next: o.NextToken };
          })
        ).length,
      })),
    [],
  );
  const queries = useAsync(() => loadQueries(), []);
  const buckets = useAsync(
    () => count(async () => ({ value: (await aws.s3.send(new ListBucketsCommand({}))).Buckets?.length ?? 0 })),
    [],
  );
  useRunEvents((e) => {
    if (e.kind === 'job') jobs.reload();
    if (e.kind === 'query') queries.reload();
    if (e.kind === 'crawler') crawlers.reload();
  });

  const fromAsync = <T,>(a: { data?: T; error: unknown }, pick: (d: T) => Count): Count | undefined => {
    if (a.data !== undefined) return pick(a.data);
    if (a.error) return isUnsupported(a.error) ? { unsupported: true } : { error: String((a.error as Error).message) };
    return undefined;
  };

  const events = recentEvents();
  return (
    <Page title="Overview">
      <div class="tiles">
        <CountTile
          label="Databases"
          count={fromAsync(catalog, (d) => ({ value: d.databases }))}
          link={href('databases')}
        />
        <CountTile label="Tables" count={fromAsync(catalog, (d) => ({ value: d.tables }))} link={href('databases')} />
        <CountTile label="Partitions" count={fromAsync(catalog, (d) => d.partitions)} link={href('databases')} />
        <CountTile label="Jobs" count={fromAsync(jobs, (d) => ({ value: d.jobs }))} link={href('jobs')} />
        <CountTile
          label="Runs"
          count={fromAsync(jobs, (d) => ({ value: d.runs.length }))}
          link={href('jobs')}
          hint="recent, per job"
        />
        <CountTile label="Crawlers" count={crawlers.data} link={href('crawlers')} />
        <CountTile
          label="Queries"
          count={fromAsync(queries, (d) => ({ value: d.count, more: d.more }))}
          link={href('query')}
        />
        <CountTile label="Buckets" count={buckets.data} link={href('s3')} />
      </div>
      <div class="two-col">
        <Card title="Recent job runs">
          {jobs.error !== undefined && !jobs.data ? (
            <ErrorBox error={jobs.error} what="list job runs" />
          ) : (
            <DataTable
              label="Recent job runs"
              rows={(jobs.data?.runs ?? []).slice(0, 8)}
              rowKey={(r) => r.Id ?? ''}
              empty={
                <Empty title={jobs.loading ? 'Loading…' : 'No job runs yet'}>
                  Create a Glue job with the SDK, Terraform or <code>lakebox apply</code>, then start it from the{' '}
                  <a href={href('jobs')}>Jobs</a> page.
                </Empty>
              }
              columns={[
                { label: 'Job', render: (r) => <a href={href('jobs', r.JobName ?? '')}>{r.JobName}</a> },
                { label: 'State', render: (r) => <StateBadge state={r.JobRunState} />, nowrap: true },
                { label: 'Started', render: (r) => formatAgo(r.StartedOn), nowrap: true },
                {
                  label: 'Duration',
                  render: (r) =>
                    formatDuration(
                      r.StartedOn ? (r.CompletedOn ?? new Date()).getTime() - r.StartedOn.getTime() : undefined,
                    ),
                  align: 'right',
                  nowrap: true,
                },
              ]}
            />
          )}
        </Card>
        <Card title="Recent queries">
          {queries.error !== undefined && !queries.data ? (
            <ErrorBox error={queries.error} what="list queries" />
          ) : (
            <DataTable
              label="Recent queries"
              rows={queries.data?.recent ?? []}
              rowKey={(q) => q.QueryExecutionId ?? ''}
              empty={
                <Empty title={queries.loading ? 'Loading…' : 'No queries yet'}>
                  Run one in the <a href={href('query')}>query editor</a>.
                </Empty>
              }
              columns={[
                {
                  label: 'Query',
                  render: (q) => (
                    <>
                      <a
                        class="sql-snippet"
                        href={href('query', {
                          sql: q.Query,
                          db: q.QueryExecutionContext?.Database,
                          wg: q.WorkGroup,
                        })}
                      >
                        {(q.Query ?? '').slice(0, 90)}
                      </a>
                      <span class="query-workgroup muted small">{q.WorkGroup}</span>
                    </>
                  ),
                },
                { label: 'State', render: (q) => <StateBadge state={q.Status?.State} />, nowrap: true },
                { label: 'Submitted', render: (q) => formatAgo(q.Status?.SubmissionDateTime), nowrap: true },
              ]}
            />
          )}
        </Card>
      </div>
      <Card title="Live activity">
        {events.length === 0 ? (
          <Empty title="Nothing has run since this page opened">
            Job runs, crawls and queries appear here as their state changes.
          </Empty>
        ) : (
          <ul class="activity">
            {events.slice(0, 12).map((e) => (
              <li key={`${e.runId}-${e.state}-${e.at}`}>
                <StateBadge state={e.state} /> <span class="kind">{e.kind}</span>{' '}
                <strong>
                  {e.kind === 'job' ? (
                    <a href={href('jobs', e.name, 'runs', e.runId)}>{e.name}</a>
                  ) : e.kind === 'crawler' ? (
                    <a href={href('crawlers')}>{e.name}</a>
                  ) : (
                    e.name
                  )}
                </strong>{' '}
                <span class="muted">{formatAgo(e.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
