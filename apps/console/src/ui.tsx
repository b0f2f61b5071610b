import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { errorMessage, isUnsupported } from './aws';

export function Page(props: {
  title: ComponentChildren;
  crumbs?: { label: string; href: string }[];
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="page">
      {props.crumbs && props.crumbs.length > 0 && (
        <nav class="crumbs" aria-label="Breadcrumb">
          {props.crumbs.map((c) => (
            <span key={c.href}>
              <a href={c.href}>{c.label}</a>
              <span class="sep" aria-hidden="true">
                /
              </span>
            </span>
          ))}
        </nav>
      )}
      <header class="page-head">
        <h1>{props.title}</h1>
        {props.actions && <div class="actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function Card(props: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="card">
      {(props.title || props.actions) && (
        <div class="card-head">
          {props.title && <h2>{props.title}</h2>}
          {props.actions && <div class="actions">{props.actions}</div>}
        </div>
      )}
      {props.children}
    </div>
  );
}

/** Nothing to show yet: say so, and what to do about it. */
export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <strong>{props.title}</strong>
      {props.children && <div class="hint">{props.children}</div>}
    </div>
  );
}

/** A failed call: what failed and the service's own error. Operations lakebox does not serve yet say so. */
export function ErrorBox(props: { error: unknown; what?: string; onRetry?: () => void }) {
  if (isUnsupported(props.error))
    return (
      <div class="notice" role="status">
        <strong>Not available in this lakebox yet.</strong> {props.what ? `${props.what}: ` : ''}
        <code>{errorMessage(props.error)}</code>
      </div>
    );
  return (
    <div class="error" role="alert">
      <strong>{props.what ? `Could not ${props.what}.` : 'Something went wrong.'}</strong>{' '}
      <span class="msg">{errorMessage(props.error)}</span>
      {props.onRetry && (
        <button type="button" class="link" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {props.label ?? 'Loading…'}
    </div>
  );
}

const STATE_CLASS: Record<string, string> = {
  SUCCEEDED: 'ok',
  SUCCEEDED_WITH_ERRORS: 'warn',
  COMPLETED: 'ok',
  ACTIVATED: 'ok',
  READY: 'neutral',
  CREATED: 'neutral',
  DEACTIVATED: 'neutral',
  RUNNING: 'run',
  STARTING: 'run',
  QUEUED: 'run',
  WAITING: 'run',
  STOPPING: 'run',
  ACTIVATING: 'run',
  FAILED: 'bad',
  ERROR: 'bad',
  TIMEOUT: 'bad',
  CANCELLED: 'warn',
  STOPPED: 'warn',
  EXPIRED: 'warn',
};

export function StateBadge(props: { state: string | undefined }) {
  const s = props.state ?? 'UNKNOWN';
  return (
    <span class={`badge ${STATE_CLASS[s] ?? 'neutral'}`} data-state={s}>
      {s}
    </span>
  );
}

export interface Column<T> {
  label: string;
  render: (row: T) => ComponentChildren;
  align?: 'right';
  /** A short column that never wraps. */
  nowrap?: boolean;
  /** As narrow as its content (row numbers, buttons). */
  narrow?: boolean;
}

function cellClass<T>(c: Column<T>): string | undefined {
  return (
    [c.align === 'right' ? 'num' : '', c.nowrap ? 'nowrap' : '', c.narrow ? 'narrow' : ''].join(' ').trim() || undefined
  );
}

export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, i: number) => string;
  label: string;
  empty?: ComponentChildren;
}) {
  if (props.rows.length === 0 && props.empty) return <>{props.empty}</>;
  return (
    <div class="table-wrap">
      <table class="grid" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} class={cellClass(c)} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={props.rowKey(r, i)}>
              {props.columns.map((c) => (
                <td key={c.label} class={cellClass(c)}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A definition list of facts: label → value; empty values show a dash. */
export function Facts(props: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? <span class="muted">—</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Tabs(props: {
  tabs: { id: string; label: string; count?: number }[];
  current: string;
  hrefOf: (id: string) => string;
}) {
  return (
    <div class="tabs" role="tablist">
      {props.tabs.map((t) => (
        <a
          key={t.id}
          role="tab"
          aria-selected={t.id === props.current}
          class={t.id === props.current ? 'tab active' : 'tab'}
          href={props.hrefOf(t.id)}
        >
          {t.label}
          {t.count !== undefined && <span class="count">{t.count}</span>}
        </a>
      ))}
    </div>
  );
}

export function Filter(props: { value: string; onInput: (v: string) => void; placeholder: string }) {
  return (
    <input
      type="search"
      class="filter"
      aria-label={props.placeholder}
      placeholder={props.placeholder}
      value={props.value}
      onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
  );
}

/** Key/value parameters as a small table (table parameters, SerDe parameters, job arguments). */
export function ParamTable(props: { params: Record<string, string> | undefined; label: string; empty: string }) {
  const entries = Object.entries(props.params ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <DataTable
      label={props.label}
      rows={entries}
      rowKey={([k]) => k}
      columns={[
        { label: 'Key', render: ([k]) => <code>{k}</code>, nowrap: true },
        { label: 'Value', render: ([, v]) => <code class="wrap">{v}</code> },
      ]}
    />
  );
}

export function Button(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { kind?: 'primary' | 'danger' | 'plain'; busy?: boolean },
) {
  const { kind = 'plain', busy, children, disabled, ...rest } = props;
  return (
    <button type="button" class={`btn ${kind}`} disabled={busy || Boolean(disabled)} {...rest}>
      {busy && <span class="spinner small" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** Copy-free expandable JSON of an SDK object, for everything the page does not lay out. */
export function RawJson(props: { value: unknown; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="raw" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{props.label ?? 'Raw JSON'}</summary>
      {open && <pre>{JSON.stringify(props.value, null, 2)}</pre>}
    </details>
  );
}

export function formatDate(d: Date | string | undefined): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatAgo(d: Date | string | undefined): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatDate(date);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Save bytes or text as a file download. */
export function downloadBlob(name: string, data: BlobPart, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
