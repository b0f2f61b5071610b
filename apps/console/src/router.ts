import { useEffect, useState } from 'preact/hooks';

/** The current hash route: `#/databases/sales?tab=columns` → path ['databases','sales'], query {tab}. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

function parse(): Route {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?', 2);
  return {
    path: p
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s)),
    query: new URLSearchParams(q),
  };
}

/** Hash routing: works under any base path and on reload, with no server help. */
export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** `href('databases', 'my db')` → `#/databases/my%20db`; a trailing object becomes the query. */
export function href(...parts: (string | Record<string, string | undefined>)[]): string {
  let query = '';
  const segs: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') segs.push(encodeURIComponent(p));
    else {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== '') q.set(k, v);
      const s = q.toString();
      if (s) query = `?${s}`;
    }
  }
  return `#/${segs.join('/')}${query}`;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}
