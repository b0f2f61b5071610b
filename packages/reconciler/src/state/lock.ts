import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Another apply holds the state. */
export class StateLockedError extends Error {
  override name = 'StateLockedError';
}

const lockPathOf = (statePath: string) => `${statePath}.lock`;

/**
 * Take the state's lock (a `<state>.lock` file created exclusively), so two applies never write one state.
 * A second apply fails at once with who holds it; `--force-unlock` removes a lock left by a killed apply.
 *
 * @returns a function that releases the lock
 */
export function lockState(statePath: string, options: { force?: boolean } = {}): () => void {
  const path = lockPathOf(statePath);
  if (options.force) rmSync(path, { force: true });
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let holder = 'unknown';
    try {
      const info = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string; since: string };
      holder = `pid ${info.pid} on ${info.host} since ${info.since}`;
    } catch {
      // A lock being written right now: its holder is not readable yet.
    }
    throw new StateLockedError(
      `the state ${statePath} is locked by another apply (${holder}); if no apply is running, re-run with --force-unlock`,
    );
  }
  writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  closeSync(fd);
  return () => rmSync(path, { force: true });
}
