import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { currentRegion, setRegion } from './aws';
import { useLiveStatus } from './hooks';
import { CrawlersPage } from './pages/crawlers';
import { DatabasePage, DatabasesPage } from './pages/databases';
import { JobPage, JobRunPage, JobsPage } from './pages/jobs';
import { OverviewPage } from './pages/overview';
import { QueryPage } from './pages/query';
import { ReconcilerPage } from './pages/reconciler';
import { S3Page } from './pages/s3';
import { TablePage } from './pages/table';
import { TriggersPage } from './pages/triggers';
import { href, type Route, useRoute } from './router';
import './styles.css';

const NAV: { id: string; label: string; icon: string }[] = [
  { id: '', label: 'Overview', icon: '◎' },
  { id: 'databases', label: 'Databases', icon: '▤' },
  { id: 'jobs', label: 'Jobs', icon: '▶' },
  { id: 'crawlers', label: 'Crawlers', icon: '⟳' },
  { id: 'triggers', label: 'Triggers', icon: '⚑' },
  { id: 'query', label: 'Query editor', icon: '⌘' },
  { id: 's3', label: 'S3 browser', icon: '▦' },
  { id: 'reconciler', label: 'Reconciler', icon: '⇄' },
];

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

function Content({ route }: { route: Route }) {
  const [section, a, b, c, d] = route.path;
  switch (section) {
    case undefined:
      return <OverviewPage />;
    case 'databases':
      if (a && b === 'tables' && c) return <TablePage database={a} table={c} tab={route.query.get('tab') ?? ''} />;
      if (a) return <DatabasePage database={a} />;
      return <DatabasesPage />;
    case 'jobs':
      if (a && b === 'runs' && c) return <JobRunPage job={a} runId={c} />;
      if (a) return <JobPage job={a} />;
      return <JobsPage />;
    case 'crawlers':
      return <CrawlersPage />;
    case 'triggers':
      return <TriggersPage />;
    case 'query':
      return (
        <QueryPage
          initialSql={route.query.get('sql') ?? undefined}
          initialDb={route.query.get('db') ?? undefined}
          initialWorkgroup={route.query.get('wg') ?? undefined}
        />
      );
    case 's3':
      return <S3Page bucket={a} prefix={[b, c, d, ...route.path.slice(5)].filter((x) => x !== undefined).join('/')} />;
    case 'reconciler':
      return <ReconcilerPage path={route.query.get('path') ?? undefined} />;
    default:
      return (
        <section class="page">
          <h1>Page not found</h1>
          <p>
            There is no console page at <code>#{route.path.join('/')}</code>. <a href="#/">Go to the overview</a>.
          </p>
        </section>
      );
  }
}

function App() {
  const route = useRoute();
  const live = useLiveStatus();
  const section = route.path[0] ?? '';
  const page = route.path.join('/');
  // A new page (not a new tab or filter of the same one): start at its top, with keyboard focus on it.
  useEffect(() => {
    if (page === '' && document.activeElement === document.body) return;
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [page]);
  return (
    <div class="shell">
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <aside class="sidebar">
        <a class="brand" href="#/">
          <span class="logo" aria-hidden="true">
            ≈
          </span>
          lakebox
        </a>
        <nav aria-label="Sections">
          {NAV.map((n) => (
            <a
              key={n.id}
              href={href(n.id)}
              class={section === n.id ? 'nav active' : 'nav'}
              aria-current={section === n.id ? 'page' : undefined}
            >
              <span class="icon" aria-hidden="true">
                {n.icon}
              </span>
              {n.label}
            </a>
          ))}
        </nav>
        <div class="sidebar-foot">
          <label>
            Region
            <select
              class="region-select"
              value={currentRegion()}
              onChange={(e) => setRegion((e.currentTarget as HTMLSelectElement).value)}
            >
              {[...new Set([currentRegion(), ...REGIONS])].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <div class={live ? 'live on' : 'live'} title={live ? 'Live updates connected' : 'Live updates disconnected'}>
            <span class="dot" aria-hidden="true" /> {live ? 'Live' : 'Offline'}
          </div>
        </div>
      </aside>
      <main id="main" tabIndex={-1}>
        <Content route={route} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
