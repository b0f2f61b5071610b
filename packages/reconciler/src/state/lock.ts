import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { type LockInfo, type LockOptions, StateLockedError, waitForLock } from './backend.js';

export { StateLockedError };

const lockPathOf = (statePath: string) => `${statePath}.lock`;

/** What a lock file says about its holder (undefined while it is being written). */
function holderOf(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo> & { pid?: number; host?: string };
    return {
      id: info.id ?? 'unknown',
      who: info.who ?? `pid ${info.pid} on ${info.host}`,
      operation: info.operation ?? 'apply',
      since: info.since ?? '?',
    };
  } catch {
    return undefined;
  }
}

/** The lock's content for this process. */
export function newLockInfo(operation: string): LockInfo {
  return { id: randomUUID(), who: `pid ${process.pid} on ${hostname()}`, operation, since: new Date().toISOString() };
}

/**
 * Take the state's lock (a `<state>.lock` file created exclusively), so two applies never write one state.
 * Waits up to `timeoutMs` for a holder to release it, then fails naming the holder; `forceUnlock: <id>`
 * removes a lock with that id left by a killed apply.
 *
 * @returns a function that releases the lock
 */
export async function lockState(statePath: string, options: LockOptions): Promise<() => Promise<void>> {
  const path = lockPathOf(statePath);
  if (options.forceUnlock !== undefined) {
    const holder = holderOf(path);
    if (holder && holder.id !== options.forceUnlock)
      throw new StateLockedError(
        `--force-unlock ${options.forceUnlock}: the lock on ${statePath} has id ${holder.id} (${holder.who}), not that one`,
      );
    rmSync(path, { force: true });
  }
  return waitForLock(statePath, options, async () => {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return { holder: holderOf(path) };
    }
    writeSync(fd, JSON.stringify(newLockInfo(options.operation)));
    closeSync(fd);
    return { release: async () => rmSync(path, { force: true }) };
  });
}
