import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchStopJobRunCommand,
  GetJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  GetJobsCommand,
  type Job,
  type JobRun,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { useState } from 'preact/hooks';
import { aws, collect, currentRegion, errorMessage, isUnsupported } from '../aws';
import { useAsync, useInterval, useRunEvents } from '../hooks';
import { href, navigate } from '../router';
import {
  Button,
  Card,
  DataTable,
  Empty,
  ErrorBox,
  Facts,
  Filter,
  formatAgo,
  formatDate,
  formatDuration,
  Loading,
  Page,
  ParamTable,
  RawJson,
  StateBadge,
} from '../ui';

const ACTIVE = new Set(['STARTING', 'RUNNING', 'STOPPING', 'WAITING']);

function runDuration(r: JobRun): string {
  if (!r.StartedOn) return '—';
  if (r.CompletedOn) return formatDuration(r.CompletedOn.getTime() - r.StartedOn.getTime());
  if (r.ExecutionTime && !ACTIVE.has(r.JobRunState ?? '')) return formatDuration(r.ExecutionTime * 1000);
  return `${formatDuration(Date.now() - r.StartedOn.getTime())} so far`;
}

function NotServed(props: { what: string; error: unknown }) {
  return (
    <Empty title={`This lakebox does not serve ${props.what} yet`}>
      <code>{errorMessage(props.error)}</code>
    </Empty>
  );
}

export function JobsPage() {
  const [filter, setFilter] = useState('');
  const jobs = useAsync(async () => {
    const list = await collect(async (t) => {
      const o = await aws.glue.send(new GetJobsCommand({ NextToken: t }));
      return { items: o.Jobs, next: o.NextToken };
    });
    const last = await Promise.all(
      list.map((j) =>
        aws.glue
          .send(new GetJobRunsCommand({ JobName: j.Name, MaxResults: 1 }))
          .then((o) => o.JobRuns?.[0])
          .catch(() => undefined),
      ),
    );
    return list.map((job, i) => ({ job, last: last[i] }));
  }, []);
  useRunEvents((e) => e.kind === 'job' && jobs.reload());
  useInterval(
    jobs.reload,
    2000,
    (jobs.data ?? []).some((j) => ACTIVE.has(j.last?.JobRunState ?? '')),
  );
  const rows = (jobs.data ?? []).filter((j) => (j.job.Name ?? '').toLowerCase().includes(filter.toLowerCase()));
  return (
    <Page title="Jobs" actions={<Filter value={filter} onInput={setFilter} placeholder="Filter jobs" />}>
      {jobs.error !== undefined && !jobs.data ? (
        isUnsupported(jobs.error) ? (
          <NotServed what="Glue jobs" error={jobs.error} />
        ) : (
          <ErrorBox error={jobs.error} what="list jobs" onRetry={jobs.reload} />
        )
      ) : jobs.loading && !jobs.data ? (
        <Loading />
      ) : (
        <DataTable
          label="Jobs"
          rows={rows}
          rowKey={(j) => j.job.Name ?? ''}
          empty={
            <Empty title={filter ? `No job matches “${filter}”` : 'No jobs yet'}>
              {!filter && (
                <>
                  Upload a script to S3 and create a job:{' '}
                  <code>
                    aws glue create-job --name etl --role r --command Name=pythonshell,ScriptLocation=s3://bucket/etl.py
                  </code>{' '}
                  (or declare it with Terraform or <code>lakebox apply</code>).
                </>
              )}
            </Empty>
          }
          columns={[
            { label: 'Name', render: (j) => <a href={href('jobs', j.job.Name ?? '')}>{j.job.Name}</a>, nowrap: true },
            { label: 'Type', render: (j) => j.job.Command?.Name ?? '—', nowrap: true },
            { label: 'Script', render: (j) => <code>{j.job.Command?.ScriptLocation ?? '—'}</code> },
            {
              label: 'Last run',
              render: (j) =>
                j.last ? <StateBadge state={j.last.JobRunState} /> : <span class="muted">never run</span>,
              nowrap: true,
            },
            { label: 'Started', render: (j) => formatAgo(j.last?.StartedOn), nowrap: true },
            { label: 'Duration', render: (j) => (j.last ? runDuration(j.last) : '—'), align: 'right', nowrap: true },
          ]}
        />
      )}
    </Page>
  );
}

/** The arguments form: rows of `--key` / value; empty keys are dropped. */
function RunForm(props: { job: Job; onStarted: (runId: string) => void }) {
  const [args, setArgs] = useState<[string, string][]>([['', '']]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const update = (i: number, k: 0 | 1, v: string) => {
    const next = args.map((a) => [...a] as [string, string]);
    next[i]![k] = v;
    if (i === args.length - 1 && v !== '') next.push(['', '']);
    setArgs(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const Arguments: Record<string, string> = {};
      for (const [k, v] of args) {
        const key = k.trim();
        if (key) Arguments[key.startsWith('--') ? key : `--${key}`] = v;
      }
      const out = await aws.glue.send(
        new StartJobRunCommand({
          JobName: props.job.Name,
          ...(Object.keys(Arguments).length ? { Arguments } : {}),
        }),
      );
      props.onStarted(out.JobRunId ?? '');
      setArgs([['', '']]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="run-form" onSubmit={submit} aria-label="Run the job">
      <p class="muted">
        Arguments for this run, merged over the job's default arguments (keys start with <code>--</code>).
      </p>
      <div class="arg-rows">
        {args.map(([k, v], i) => (
          <div class="arg-row" key={i}>
            <input
              type="text"
              class="mono"
              aria-label={`Argument ${i + 1} name`}
              placeholder="--input_path"
              value={k}
              onInput={(e) => update(i, 0, (e.currentTarget as HTMLInputElement).value)}
            />
            <input
              type="text"
              class="mono"
              aria-label={`Argument ${i + 1} value`}
              placeholder="s3://bucket/prefix/"
              value={v}
              onInput={(e) => update(i, 1, (e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        ))}
      </div>
      {error !== undefined && <ErrorBox error={error} what="start the run" />}
      <button type="submit" class="btn primary" disabled={busy} data-testid="run-job">
        {busy ? 'Starting…' : '▶ Run job'}
      </button>
    </form>
  );
}

export function JobPage(props: { job: string }) {
  const job = useAsync(async () => (await aws.glue.send(new GetJobCommand({ JobName: props.job }))).Job, [props.job]);
  const runs = useAsync(
    async () => (await aws.glue.send(new GetJobRunsCommand({ JobName: props.job, MaxResults: 50 }))).JobRuns ?? [],
    [props.job],
  );
  useRunEvents((e) => e.kind === 'job' && e.name === props.job && runs.reload());
  // Polling as well while a run is active: the page stays right even without the event stream.
  useInterval(
    runs.reload,
    1500,
    (runs.data ?? []).some((r) => ACTIVE.has(r.JobRunState ?? '')),
  );
  const j = job.data;
  return (
    <Page title={props.job} crumbs={[{ label: 'Jobs', href: href('jobs') }]}>
      {job.error !== undefined && <ErrorBox error={job.error} what={`read job ${props.job}`} />}
      {job.loading && !j && <Loading />}
      {j && (
        <div class="two-col">
          <Card title="Job">
            <Facts
              items={[
                ['Type', j.Command?.Name],
                ['Script', j.Command?.ScriptLocation && <code>{j.Command.ScriptLocation}</code>],
                ['Python', j.Command?.PythonVersion],
                ['Glue version', j.GlueVersion],
                ['Role', j.Role && <code>{j.Role}</code>],
                ['Max concurrent runs', String(j.ExecutionProperty?.MaxConcurrentRuns ?? 1)],
                ['Timeout', j.Timeout ? `${j.Timeout} min` : undefined],
                ['Created', formatDate(j.CreatedOn)],
                ['Modified', formatDate(j.LastModifiedOn)],
              ]}
            />
            <h3>Default arguments</h3>
            <ParamTable params={j.DefaultArguments} label="Default arguments" empty="No default arguments." />
          </Card>
          <Card title="Run">
            <RunForm job={j} onStarted={() => runs.reload()} />
          </Card>
        </div>
      )}
      <Card title="Runs">
        {runs.error !== undefined && !runs.data ? (
          <ErrorBox error={runs.error} what="list runs" onRetry={runs.reload} />
        ) : runs.loading && !runs.data ? (
          <Loading />
        ) : (
          <RunsTable job={props.job} runs={runs.data ?? []} onChange={runs.reload} />
        )}
      </Card>
    </Page>
  );
}

function RunsTable(props: { job: string; runs: JobRun[]; onChange: () => void }) {
  const stop = async (id: string) => {
    await aws.glue.send(new BatchStopJobRunCommand({ JobName: props.job, JobRunIds: [id] })).catch(() => undefined);
    props.onChange();
  };
  return (
    <DataTable
      label="Job runs"
      rows={props.runs}
      rowKey={(r) => r.Id ?? ''}
      empty={<Empty title="No runs yet">Press “Run job” above to start one.</Empty>}
      columns={[
        {
          label: 'Run',
          render: (r) => (
            <a href={href('jobs', props.job, 'runs', r.Id ?? '')} title={r.Id}>
              <code>{(r.Id ?? '').slice(0, 14)}…</code>
            </a>
          ),
          nowrap: true,
        },
        { label: 'State', render: (r) => <StateBadge state={r.JobRunState} />, nowrap: true },
        { label: 'Started', render: (r) => formatDate(r.StartedOn), nowrap: true },
        { label: 'Duration', render: runDuration, align: 'right', nowrap: true },
        {
          label: 'Arguments',
          render: (r) =>
            Object.keys(r.Arguments ?? {}).length === 0 ? (
              <span class="muted">—</span>
            ) : (
              <code class="wrap">
                {Object.entries(r.Arguments ?? {})
                  .map(([k, v]) => `${k} ${v}`)
                  .join('  ')}
              </code>
            ),
        },
        {
          label: 'Error',
          render: (r) =>
            r.ErrorMessage ? <span class="error-text">{r.ErrorMessage}</span> : <span class="muted">—</span>,
        },
        {
          label: '',
          narrow: true,
          render: (r) =>
            ACTIVE.has(r.JobRunState ?? '') ? (
              <Button kind="danger" onClick={() => stop(r.Id ?? '')}>
                Stop
              </Button>
            ) : null,
          nowrap: true,
        },
      ]}
    />
  );
}

type Stream = 'output' | 'error';

/** A run's log lines: CloudWatch Logs (`/aws-glue/jobs/<stream>`, stream = run id), else lakebox's own route. */
async function runLogs(runId: string, stream: Stream): Promise<{ timestamp?: number; message?: string }[]> {
  try {
    const events: { timestamp?: number; message?: string }[] = [];
    let token: string | undefined;
    for (let i = 0; i < 50; i++) {
      const out = await aws.logs.send(
        new GetLogEventsCommand({
          logGroupName: `/aws-glue/jobs/${stream}`,
          logStreamName: runId,
          startFromHead: true,
          ...(token ? { nextToken: token } : {}),
        }),
      );
      events.push(...(out.events ?? []));
      if (!out.nextForwardToken || out.nextForwardToken === token || (out.events ?? []).length === 0) break;
      token = out.nextForwardToken;
    }
    return events;
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return [];
    const res = await fetch(
      `/_lakebox/jobs/logs?region=${encodeURIComponent(currentRegion())}&runId=${encodeURIComponent(runId)}&stream=${stream}`,
    );
    if (!res.ok) throw e;
    return ((await res.json()) as { events?: { timestamp?: number; message?: string }[] }).events ?? [];
  }
}

function Logs(props: { runId: string; active: boolean }) {
  const [stream, setStream] = useState<Stream>('output');
  const logs = useAsync(() => runLogs(props.runId, stream), [props.runId, stream]);
  useInterval(logs.reload, 2000, props.active);
  return (
    <Card
      title="Logs"
      actions={
        <div class="seg">
          {(['output', 'error'] as const).map((s) => (
            <button
              type="button"
              key={s}
              class={s === stream ? 'seg-btn active' : 'seg-btn'}
              aria-pressed={s === stream}
              onClick={() => setStream(s)}
            >
              {s === 'output' ? 'Output' : 'Errors'}
            </button>
          ))}
        </div>
      }
    >
      {logs.error !== undefined && !logs.data ? (
        <ErrorBox error={logs.error} what="read the logs" />
      ) : logs.loading && !logs.data ? (
        <Loading />
      ) : (logs.data ?? []).length === 0 ? (
        <Empty title={`No ${stream === 'output' ? 'output' : 'error output'} from this run`}>
          {props.active ? 'Lines appear here while the run writes them.' : undefined}
        </Empty>
      ) : (
        <pre class="logs" role="log" aria-label={`${stream} log`}>
          {(logs.data ?? []).map((e) => (e.message ?? '').replace(/\n$/, '')).join('\n')}
        </pre>
      )}
    </Card>
  );
}

export function JobRunPage(props: { job: string; runId: string }) {
  const run = useAsync(
    async () => (await aws.glue.send(new GetJobRunCommand({ JobName: props.job, RunId: props.runId }))).JobRun,
    [props.job, props.runId],
  );
  useRunEvents((e) => e.kind === 'job' && e.runId === props.runId && run.reload());
  const active = ACTIVE.has(run.data?.JobRunState ?? '');
  useInterval(run.reload, 1500, active);
  const r = run.data;
  return (
    <Page
      title={
        <>
          Run <code class="run-id">{props.runId.slice(0, 18)}…</code>
        </>
      }
      crumbs={[
        { label: 'Jobs', href: href('jobs') },
        { label: props.job, href: href('jobs', props.job) },
      ]}
      actions={
        r && !active ? (
          <Button
            onClick={async () => {
              const out = await aws.glue.send(
                new StartJobRunCommand({ JobName: props.job, JobRunId: props.runId, Arguments: r.Arguments }),
              );
              navigate(href('jobs', props.job, 'runs', out.JobRunId ?? ''));
            }}
          >
            ↻ Run again
          </Button>
        ) : null
      }
    >
      {run.error !== undefined && <ErrorBox error={run.error} what="read the run" />}
      {run.loading && !r && <Loading />}
      {r && (
        <>
          <Card>
            <Facts
              items={[
                ['State', <StateBadge key="s" state={r.JobRunState} />],
                ['Started', formatDate(r.StartedOn)],
                ['Completed', formatDate(r.CompletedOn)],
                ['Duration', runDuration(r)],
                ['Attempt', String(r.Attempt ?? 0)],
                ['Previous run', r.PreviousRunId && <code>{`${r.PreviousRunId.slice(0, 14)}…`}</code>],
              ]}
            />
            <p class="muted small">
              Run id <code>{r.Id}</code>
            </p>
            {r.ErrorMessage && (
              <div class="error" role="alert">
                <strong>The run failed.</strong> <span class="msg">{r.ErrorMessage}</span>
              </div>
            )}
          </Card>
          <Card title="Arguments">
            <ParamTable params={r.Arguments} label="Run arguments" empty="This run had no arguments of its own." />
          </Card>
          <Logs runId={props.runId} active={active} />
          <RawJson value={r} label="The run as GetJobRun returns it" />
        </>
      )}
    </Page>
  );
}
