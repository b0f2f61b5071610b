import type { State, StateResource } from './state.js';

/** Who holds a state lock, as written in the lock. */
export interface LockInfo {
  /** Give it to `--force-unlock <id>` to remove a lock a killed apply left behind. */
  id: string;
  /** `pid 123 on host` */
  who: string;
  operation: string;
  since: string;
}

export interface LockOptions {
  /** What the lock is taken for (`apply`, `destroy`, `import`), shown to whoever waits. */
  operation: string;
  /** How long to wait for another holder to release it (0: fail at once). */
  timeoutMs?: number;
  /** Remove the lock first when its id is this one (a lock left by a killed apply). */
  forceUnlock?: string;
  /** Told once when the lock is held by someone else and this one starts waiting. */
  onWait?(holder: LockInfo | undefined): void;
}

/** The state opened for an apply: every recorded change is durable when `record` resolves. */
export interface StateWriter {
  readonly state: State;
  /** Record a resource as managed (or forget it with `null`). */
  record(address: string, resource: StateResource | null): Promise<void>;
  /** Write out whatever is still pending and tidy up (fold the local journal in). */
  flush(): Promise<void>;
}

/**
 * Where the state lives: a local file (`state/local.ts`) or an S3 object (`state/s3.ts`). Both lock the same
 * way from the outside: `lock` waits up to a timeout for another holder, then fails naming it.
 */
export interface StateBackend {
  /** The path or `s3://bucket/key`, for messages. */
  readonly location: string;
  read(): Promise<State>;
  /** Take the lock; resolves to its release. */
  lock(options: LockOptions): Promise<() => Promise<void>>;
  /** Open for writing; the caller holds the lock. */
  open(): Promise<StateWriter>;
}

/** Another apply holds the state (and did not let go within the lock timeout). */
export class StateLockedError extends Error {
  override name = 'StateLockedError';
}

/** The message for a lock still held after waiting. */
export function lockedMessage(location: string, holder: LockInfo | undefined, waitedMs: number): string {
  const by = holder
    ? `${holder.who} (${holder.operation} since ${holder.since}, lock id ${holder.id})`
    : 'another apply (its lock is being written)';
  const waited = waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)}s` : '';
  const hint = holder
    ? `wait for it (--lock-timeout 5m), or if no apply is running, re-run with --force-unlock ${holder.id}`
    : 'wait for it (--lock-timeout 5m)';
  return `the state ${location} is locked by ${by}${waited}: ${hint}`;
}

/**
 * Try `attempt` until it takes the lock or `timeoutMs` passed. `attempt` resolves to the release, or to the
 * current holder when someone else has it.
 */
export async function waitForLock(
  location: string,
  options: LockOptions,
  attempt: () => Promise<{ release: () => Promise<void> } | { holder: LockInfo | undefined }>,
): Promise<() => Promise<void>> {
  const started = Date.now();
  const timeout = options.timeoutMs ?? 0;
  let told = false;
  for (;;) {
    const got = await attempt();
    if ('release' in got) return got.release;
    const waited = Date.now() - started;
    if (waited >= timeout) throw new StateLockedError(lockedMessage(location, got.holder, waited));
    if (!told) {
      options.onWait?.(got.holder);
      told = true;
    }
    await new Promise((r) => setTimeout(r, Math.min(250, timeout - waited)));
  }
}

/** `30s`, `2m`, `500ms`, `1h` or a bare number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`expected a duration like 30s, 2m or 500ms, got '${text}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms'];
  return Number(m[1]) * unit;
}
