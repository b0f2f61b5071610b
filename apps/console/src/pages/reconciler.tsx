import { useState } from 'preact/hooks';
import { currentRegion } from '../aws';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';
import { Card, DataTable, Empty, ErrorBox, Facts, formatAgo, formatDate, Loading, Page } from '../ui';

interface AttrChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

interface ReconcilerView {
  path: string;
  lastApply: string;
  serial: number;
  lineage: string | null;
  resources: { address: string; kind: string; id: string[]; attributes: Record<string, unknown> }[];
  drift: { address: string; kind: string; type: 'changed' | 'deleted'; changed: AttrChange[] }[];
  unmanaged: string[];
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));

export function ReconcilerPage(props: { path: string | undefined }) {
  const states = useAsync(() => getJson<{ cwd: string; states: string[] }>('/_lakebox/reconciler/states'), []);
  const chosen = props.path ?? states.data?.states[0];
  const [input, setInput] = useState(props.path ?? '');
  const view = useAsync(async () => {
    if (!chosen) return undefined;
    const q = new URLSearchParams({ path: chosen, region: currentRegion() });
    return getJson<ReconcilerView>(`/_lakebox/reconciler?${q}`);
  }, [chosen]);
  const v = view.data;
  const driftOf = new Map((v?.drift ?? []).map((d) => [d.address, d]));
  return (
    <Page title="Reconciler">
      <Card>
        <p class="muted">
          What a <code>lakebox apply</code> state file manages, when it was last applied, and what changed outside the
          tool since (drift). Read-only: nothing here changes the state or the catalog.
        </p>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(href('reconciler', { path: input.trim() || undefined }));
          }}
        >
          {(states.data?.states.length ?? 0) > 0 && (
            <label>
              <span class="label">State files found</span>
              <select
                value={chosen}
                onChange={(e) => navigate(href('reconciler', { path: (e.currentTarget as HTMLSelectElement).value }))}
              >
                {states.data?.states.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="grow">
            <span class="label">Or a state file path (relative to {states.data?.cwd ?? 'the working directory'})</span>
            <input
              type="text"
              class="mono"
              placeholder=".lakebox-state.json"
              value={input}
              onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="btn plain">
            Open
          </button>
        </form>
      </Card>
      {states.error !== undefined && <ErrorBox error={states.error} what="look for state files" />}
      {!chosen && states.data && (
        <Empty title="No reconciler state file found">
          Declare databases and tables in a <code>lakebox.yaml</code> and run <code>lakebox apply</code>: the state file
          it writes (<code>.lakebox-state.json</code>) shows up here.
        </Empty>
      )}
      {view.error !== undefined && <ErrorBox error={view.error} what={`read ${chosen}`} onRetry={view.reload} />}
      {view.loading && !v && chosen && <Loading label="Reading the state and comparing it with the catalog…" />}
      {v && (
        <>
          <Card title={<code>{v.path}</code>}>
            <Facts
              items={[
                ['Last apply', `${formatDate(v.lastApply)} (${formatAgo(v.lastApply)})`],
                ['Managed resources', String(v.resources.length)],
                ['Drifted', v.drift.length === 0 ? 'none' : String(v.drift.length)],
                ['Serial', String(v.serial)],
                ['Lineage', v.lineage && <code>{v.lineage}</code>],
              ]}
            />
          </Card>
          <Card title="Managed resources">
            <DataTable
              label="Managed resources"
              rows={v.resources}
              rowKey={(r) => r.address}
              empty={<Empty title="This state manages nothing yet">Apply a spec that declares resources.</Empty>}
              columns={[
                { label: 'Address', render: (r) => <code>{r.address}</code> },
                { label: 'Kind', render: (r) => r.kind, nowrap: true },
                {
                  label: 'Managed attributes',
                  render: (r) => Object.keys(r.attributes).length,
                  align: 'right',
                },
                {
                  label: 'Live',
                  render: (r) => {
                    const d = driftOf.get(r.address);
                    if (!d) return <span class="badge ok">in sync</span>;
                    return d.type === 'deleted' ? (
                      <span class="badge bad">deleted outside the tool</span>
                    ) : (
                      <span class="badge warn">
                        drifted: {d.changed.length} {d.changed.length === 1 ? 'attribute' : 'attributes'}
                      </span>
                    );
                  },
                  nowrap: true,
                },
              ]}
            />
          </Card>
          <Card title="Drift">
            {v.drift.length === 0 ? (
              <Empty title="No drift">Every managed resource matches what the last apply left.</Empty>
            ) : (
              v.drift.map((d) => (
                <div key={d.address} class="drift">
                  <h3>
                    <code>{d.address}</code>{' '}
                    {d.type === 'deleted' ? 'was deleted outside the tool' : 'changed outside the tool'}
                  </h3>
                  {d.changed.length > 0 && (
                    <DataTable
                      label={`Drift of ${d.address}`}
                      rows={d.changed}
                      rowKey={(c) => c.path}
                      columns={[
                        { label: 'Attribute', render: (c) => <code>{c.path}</code> },
                        { label: 'Applied', render: (c) => <code class="del-text wrap">{show(c.before)}</code> },
                        { label: 'Live now', render: (c) => <code class="add-text wrap">{show(c.after)}</code> },
                      ]}
                    />
                  )}
                </div>
              ))
            )}
          </Card>
          {v.unmanaged.length > 0 && (
            <Card title={`Not managed by this state (${v.unmanaged.length})`}>
              <p class="muted">Live resources this state does not mention: the reconciler never touches them.</p>
              <ul class="plain-list">
                {v.unmanaged.map((a) => (
                  <li key={a}>
                    <code>{a}</code>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
    </Page>
  );
}
