import {
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  DeleteNamedQueryCommand,
  GetQueryExecutionCommand,
  ListNamedQueriesCommand,
  type NamedQuery,
  type QueryExecution,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { GetDatabasesCommand } from '@aws-sdk/client-glue';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  errorPosition,
  FINAL_QUERY_STATES,
  getExecutions,
  listWorkgroups,
  PRIMARY_WORKGROUP,
  type ResultPage,
  resultPage,
  savedOutputLocation,
  savedWorkgroup,
  saveOutputLocation,
  saveWorkgroup,
  startQuery,
  type WorkgroupOutput,
  waitQuery,
  workgroupOutput,
  workgroupQueryIds,
} from '../athena';
import { aws, collect, errorMessage } from '../aws';
import { useAsync, useRunEvents } from '../hooks';
import {
  Button,
  Card,
  downloadBlob,
  Empty,
  ErrorBox,
  formatAgo,
  formatBytes,
  formatDuration,
  Page,
  StateBadge,
} from '../ui';
import { ResultsGrid } from './results-grid';

const PAGE = 100;
const DB_KEY = 'lakebox.query.db';

/** The workgroup's latest queries, newest first. */
async function loadHistory(workgroup: string): Promise<QueryExecution[]> {
  return getExecutions((await workgroupQueryIds(workgroup, 30)).ids);
}

/** The workgroup's named (saved) queries, by name. */
async function loadNamed(workgroup: string): Promise<NamedQuery[]> {
  const ids = await collect(async (t) => {
    const o = await aws.athena.send(new ListNamedQueriesCommand({ NextToken: t, WorkGroup: workgroup }));
    return { items: o.NamedQueryIds, next: o.NextToken };
  });
  if (ids.length === 0) return [];
  const out: NamedQuery[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const o = await aws.athena.send(new BatchGetNamedQueryCommand({ NamedQueryIds: ids.slice(i, i + 50) }));
    out.push(...(o.NamedQueries ?? []));
  }
  return out.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
}

/** Offset of (1-based line, 1-based column) in `text`, for putting the caret on an error. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

export function QueryPage(props: { initialSql?: string; initialDb?: string; initialWorkgroup?: string }) {
  const [sql, setSql] = useState(props.initialSql ?? 'SELECT 1 AS answer');
  const [db, setDb] = useState(props.initialDb ?? localStorage.getItem(DB_KEY) ?? '');
  const [workgroup, setWorkgroupState] = useState(props.initialWorkgroup || savedWorkgroup());
  const setWorkgroup = (name: string) => {
    saveWorkgroup(name);
    setWorkgroupState(name);
  };
  const [execution, setExecution] = useState<QueryExecution>();
  const [startError, setStartError] = useState<unknown>();
  const [pages, setPages] = useState<{ tokens: (string | undefined)[]; page?: ResultPage; error?: unknown }>({
    tokens: [undefined],
  });
  const [saving, setSaving] = useState(false);
  const [saveName, setSaveName] = useState('');
  const editor = useRef<HTMLTextAreaElement>(null);
  const running = execution !== undefined && !FINAL_QUERY_STATES.has(execution.Status?.State ?? '');

  useEffect(() => {
    if (props.initialSql !== undefined) setSql(props.initialSql);
    if (props.initialDb !== undefined) setDb(props.initialDb);
    if (props.initialWorkgroup) setWorkgroup(props.initialWorkgroup);
  }, [props.initialSql, props.initialDb, props.initialWorkgroup]);

  const databases = useAsync(
    () =>
      collect(async (t) => {
        const o = await aws.glue.send(new GetDatabasesCommand({ NextToken: t }));
        return { items: o.DatabaseList, next: o.NextToken };
      }),
    [],
  );
  const workgroups = useAsync(listWorkgroups, []);
  // A remembered workgroup that was deleted since: back to primary.
  useEffect(() => {
    const list = workgroups.data;
    if (list && workgroup !== PRIMARY_WORKGROUP && !list.some((w) => w.Name === workgroup))
      setWorkgroup(PRIMARY_WORKGROUP);
  }, [workgroups.data, workgroup]);
  const wgOutput = useAsync(() => workgroupOutput(workgroup), [workgroup]);
  const history = useAsync(() => loadHistory(workgroup), [workgroup]);
  const named = useAsync(() => loadNamed(workgroup), [workgroup]);
  useRunEvents((e) => e.kind === 'query' && history.reload());

  const showPage = async (id: string, tokens: (string | undefined)[]) => {
    try {
      const page = await resultPage(id, tokens[tokens.length - 1], PAGE);
      setPages({ tokens, page });
    } catch (error) {
      setPages({ tokens, error });
    }
  };

  const open = async (q: QueryExecution) => {
    setExecution(q);
    setStartError(undefined);
    setPages({ tokens: [undefined] });
    const final = await waitQuery(q.QueryExecutionId ?? '', setExecution);
    if (final.Status?.State === 'SUCCEEDED') await showPage(final.QueryExecutionId ?? '', [undefined]);
  };

  const run = async () => {
    if (running) return;
    const text =
      editor.current && editor.current.selectionEnd > editor.current.selectionStart
        ? sql.slice(editor.current.selectionStart, editor.current.selectionEnd)
        : sql;
    if (!text.trim()) return;
    setStartError(undefined);
    setPages({ tokens: [undefined] });
    if (db) localStorage.setItem(DB_KEY, db);
    try {
      const id = await startQuery(text, db || undefined, workgroup);
      const q = (await aws.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution ?? {};
      await open(q);
      history.reload();
    } catch (e) {
      setExecution(undefined);
      setStartError(e);
    }
  };

  const cancel = async () => {
    if (!execution?.QueryExecutionId) return;
    await aws.athena
      .send(new StopQueryExecutionCommand({ QueryExecutionId: execution.QueryExecutionId }))
      .catch(setStartError);
  };

  const downloadCsv = async () => {
    const location = execution?.ResultConfiguration?.OutputLocation;
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(location ?? '');
    if (!m) return;
    try {
      const out = await aws.s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
      const bytes = await out.Body?.transformToByteArray();
      downloadBlob(`${execution?.QueryExecutionId}.csv`, bytes ?? new Uint8Array(), 'text/csv');
    } catch (e) {
      setStartError(e);
    }
  };

  const saveNamed = async (e: Event) => {
    e.preventDefault();
    if (!saveName.trim()) return;
    try {
      await aws.athena.send(
        new CreateNamedQueryCommand({
          Name: saveName.trim(),
          QueryString: sql,
          Database: db || 'default',
          WorkGroup: workgroup,
        }),
      );
      setSaving(false);
      setSaveName('');
      named.reload();
    } catch (err) {
      setStartError(err);
    }
  };

  const status = execution?.Status;
  const failure =
    status?.State === 'FAILED' ? (status.AthenaError?.ErrorMessage ?? status.StateChangeReason) : undefined;
  const position = errorPosition(failure);
  const jumpToError = () => {
    if (!position || !editor.current) return;
    const at = offsetOf(sql, position.line, position.column);
    editor.current.focus();
    editor.current.setSelectionRange(at, Math.min(at + 1, sql.length));
  };
  const stats = execution?.Statistics;
  const elapsed =
    stats?.TotalExecutionTimeInMillis ??
    (status?.SubmissionDateTime
      ? (status.CompletionDateTime ?? new Date()).getTime() - status.SubmissionDateTime.getTime()
      : undefined);
  const first = (pages.tokens.length - 1) * PAGE;

  return (
    <Page title="Query editor">
      <div class="query-layout">
        <div class="query-main">
          <Card>
            <div class="editor-bar">
              <label>
                <span class="label">Database</span>
                <select
                  value={db}
                  onChange={(e) => setDb((e.currentTarget as HTMLSelectElement).value)}
                  aria-label="Database"
                >
                  <option value="">(none: use qualified names)</option>
                  {(databases.data ?? []).map((d) => (
                    <option key={d.Name} value={d.Name}>
                      {d.Name}
                    </option>
                  ))}
                  {db && !(databases.data ?? []).some((d) => d.Name === db) && <option value={db}>{db}</option>}
                </select>
              </label>
              <label>
                <span class="label">Workgroup</span>
                <select
                  value={workgroup}
                  onChange={(e) => setWorkgroup((e.currentTarget as HTMLSelectElement).value)}
                  aria-label="Workgroup"
                >
                  {(workgroups.data ?? []).map((w) => (
                    <option key={w.Name} value={w.Name} disabled={w.State === 'DISABLED' && w.Name !== workgroup}>
                      {w.Name}
                      {w.State === 'DISABLED' ? ' (disabled)' : ''}
                    </option>
                  ))}
                  {!(workgroups.data ?? []).some((w) => w.Name === workgroup) && (
                    <option value={workgroup}>{workgroup}</option>
                  )}
                </select>
              </label>
              <span class="spacer" />
              <span class="muted small" title="Runs the selected text if there is a selection, else everything">
                <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs
              </span>
            </div>
            <textarea
              ref={editor}
              class="sql-editor"
              spellcheck={false}
              aria-label="SQL"
              value={sql}
              rows={Math.min(Math.max(sql.split('\n').length + 1, 6), 24)}
              onInput={(e) => setSql((e.currentTarget as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
                  e.preventDefault();
                  void run();
                }
              }}
            />
            <div class="editor-actions">
              <Button kind="primary" onClick={run} busy={running} data-testid="run-query">
                {running ? 'Running…' : '▶ Run'}
              </Button>
              <Button kind="danger" onClick={cancel} disabled={!running}>
                Cancel
              </Button>
              <Button onClick={() => setSaving(!saving)} aria-expanded={saving}>
                Save as…
              </Button>
              {status?.State === 'SUCCEEDED' && execution?.ResultConfiguration?.OutputLocation && (
                <Button onClick={downloadCsv}>⇩ Download CSV</Button>
              )}
              <span class="spacer" />
              {status && (
                <span class="query-status" data-testid="query-state">
                  <StateBadge state={status.State} /> {formatDuration(elapsed)}
                  {stats?.DataScannedInBytes !== undefined && ` · ${formatBytes(stats.DataScannedInBytes)} scanned`}
                </span>
              )}
            </div>
            {saving && (
              <form class="inline-form" onSubmit={saveNamed}>
                <label class="grow">
                  <span class="label">Name of the saved query</span>
                  <input
                    type="text"
                    value={saveName}
                    onInput={(e) => setSaveName((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                <button type="submit" class="btn primary">
                  Save
                </button>
              </form>
            )}
            <OutputSetting workgroup={workgroup} output={wgOutput.data} />
          </Card>
          {startError !== undefined && <ErrorBox error={startError} what="run the query" />}
          {failure && (
            <div class="error" role="alert" data-testid="query-error">
              <strong>The query failed{position ? ` at line ${position.line}, column ${position.column}` : ''}.</strong>{' '}
              <span class="msg">{failure}</span>
              {position && (
                <button type="button" class="link" onClick={jumpToError}>
                  Show in editor
                </button>
              )}
              {position && <ErrorContext sql={sql} line={position.line} column={position.column} />}
            </div>
          )}
          {status?.State === 'CANCELLED' && <div class="notice">The query was cancelled.</div>}
          {status?.State === 'SUCCEEDED' && (
            <Card
              title="Results"
              actions={
                <div class="pager">
                  <span class="muted">
                    {pages.page
                      ? pages.page.rows.length === 0
                        ? 'No rows'
                        : `Rows ${first + 1}–${first + pages.page.rows.length}`
                      : 'Loading…'}
                  </span>
                  <Button
                    disabled={pages.tokens.length <= 1}
                    onClick={() => showPage(execution?.QueryExecutionId ?? '', pages.tokens.slice(0, -1))}
                  >
                    ← Previous
                  </Button>
                  <Button
                    disabled={!pages.page?.next}
                    onClick={() => showPage(execution?.QueryExecutionId ?? '', [...pages.tokens, pages.page?.next])}
                  >
                    Next →
                  </Button>
                </div>
              }
            >
              {pages.error !== undefined && <ErrorBox error={pages.error} what="read the results" />}
              {pages.page &&
                (pages.page.columns.length === 0 ? (
                  <p class="muted">The statement ran; it returns no rows.</p>
                ) : (
                  <ResultsGrid page={pages.page} offset={first} />
                ))}
            </Card>
          )}
        </div>
        <aside class="query-side">
          <Card title="Saved queries">
            {named.error !== undefined ? (
              <ErrorBox error={named.error} what="list saved queries" />
            ) : (named.data ?? []).length === 0 ? (
              <p class="muted">None yet. “Save as…” keeps the editor's SQL as a named query.</p>
            ) : (
              <ul class="side-list">
                {(named.data ?? []).map((n) => (
                  <li key={n.NamedQueryId}>
                    <button
                      type="button"
                      class="link"
                      title={n.QueryString}
                      onClick={() => {
                        setSql(n.QueryString ?? '');
                        if (n.Database) setDb(n.Database);
                      }}
                    >
                      {n.Name}
                    </button>
                    <button
                      type="button"
                      class="link subtle"
                      aria-label={`Delete saved query ${n.Name}`}
                      onClick={async () => {
                        await aws.athena
                          .send(new DeleteNamedQueryCommand({ NamedQueryId: n.NamedQueryId }))
                          .catch(setStartError);
                        named.reload();
                      }}
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="History">
            {history.error !== undefined ? (
              <ErrorBox error={history.error} what="list past queries" />
            ) : (history.data ?? []).length === 0 ? (
              <Empty title="No queries yet">Queries you run appear here.</Empty>
            ) : (
              <ul class="side-list history">
                {(history.data ?? []).map((q) => (
                  <li key={q.QueryExecutionId}>
                    <button
                      type="button"
                      class="history-item"
                      onClick={() => {
                        setSql(q.Query ?? '');
                        if (q.QueryExecutionContext?.Database) setDb(q.QueryExecutionContext.Database);
                        void open(q);
                      }}
                    >
                      <code>{(q.Query ?? '').slice(0, 120)}</code>
                      <span class="meta">
                        <StateBadge state={q.Status?.State} /> {formatAgo(q.Status?.SubmissionDateTime)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </aside>
      </div>
    </Page>
  );
}

/** The failing line with a caret under the column Athena named. */
function ErrorContext(props: { sql: string; line: number; column: number }) {
  const text = props.sql.split('\n')[props.line - 1];
  if (text === undefined) return null;
  return (
    <section aria-label="Where the error is">
      <pre class="error-context">
        {`${String(props.line).padStart(3)} | ${text}\n    | ${' '.repeat(Math.max(props.column - 1, 0))}^`}
      </pre>
    </section>
  );
}

/** Where results go: the workgroup's location when it has one, else the console's own (editable here). */
function OutputSetting(props: { workgroup: string; output: WorkgroupOutput | undefined }) {
  const [value, setValue] = useState(savedOutputLocation());
  const [saved, setSaved] = useState(value);
  const { location, enforced } = props.output ?? { enforced: false };
  return (
    <details class="settings">
      <summary data-testid="result-location">
        Result location:{' '}
        {location ? (
          <>
            <code>{location}</code> (workgroup <code>{props.workgroup}</code>
            {enforced ? ', enforced' : ''})
          </>
        ) : enforced ? (
          <>
            none: workgroup <code>{props.workgroup}</code> enforces its configuration and names no location
          </>
        ) : (
          <code>{saved}</code>
        )}
      </summary>
      <p class="muted small">
        Used when the workgroup names none (and does not enforce its configuration). The bucket is created on first use.
        Results are also written there as <code>&lt;query id&gt;.csv</code>.
      </p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          saveOutputLocation(value.trim());
          setSaved(savedOutputLocation());
        }}
      >
        <input
          class="mono grow"
          type="text"
          value={value}
          aria-label="Result location"
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="btn plain">
          Save
        </button>
      </form>
      {!/^s3:\/\/[^/]+/.test(value) && (
        <p class="error-text">{errorMessage(new Error('Use an s3://bucket/prefix/ URI'))}</p>
      )}
    </details>
  );
}
