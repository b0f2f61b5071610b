import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { currentRegion } from './aws';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Load again; the previous data stays on screen meanwhile (live refresh without flicker). */
  reload: () => void;
}

/** Run `load` now and whenever `deps` change; keep the last result while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (call === latest.current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (call === latest.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A job run, crawl or query changed state (from `/_lakebox/events`). */
export interface RunStateEvent {
  kind: 'job' | 'crawler' | 'query';
  account: string;
  region: string;
  name: string;
  runId: string;
  state: string;
  at: string;
}

type Listener = (e: RunStateEvent) => void;
const listeners = new Set<Listener>();
const statusListeners = new Set<(live: boolean) => void>();
let source: EventSource | undefined;
let live = false;
const recent: RunStateEvent[] = [];

function setLive(value: boolean): void {
  live = value;
  for (const l of statusListeners) l(value);
}

/** One EventSource for the whole page, opened on first use; the browser reconnects it by itself. */
function ensureSource(): void {
  if (source) return;
  // The console's credentials select the default account (see aws.ts).
  source = new EventSource(`/_lakebox/events?account=default&region=${encodeURIComponent(currentRegion())}`);
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('error', () => setLive(false));
  source.addEventListener('runState', (m) => {
    const e = JSON.parse((m as MessageEvent<string>).data) as RunStateEvent;
    recent.unshift(e);
    recent.length = Math.min(recent.length, 50);
    for (const l of listeners) l(e);
  });
}

/** Call `onEvent` on every run-state change while the component is mounted. */
export function useRunEvents(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    ensureSource();
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
}

/** Whether the live event stream is connected. */
export function useLiveStatus(): boolean {
  const [value, setValue] = useState(live);
  useEffect(() => {
    ensureSource();
    statusListeners.add(setValue);
    setValue(live);
    return () => {
      statusListeners.delete(setValue);
    };
  }, []);
  return value;
}

/** Run-state events seen since the page opened, newest first (the overview's recent activity). */
export function recentEvents(): readonly RunStateEvent[] {
  return recent;
}

/** Call `fn` every `ms` while `active` (polling where no event says something changed). */
export function useInterval(fn: () => void, ms: number, active = true): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => ref.current(), ms);
    return () => clearInterval(id);
  }, [ms, active]);
}
