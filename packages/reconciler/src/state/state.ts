import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Attrs } from '../diff/model.js';

/** One managed resource as the last apply left it. */
export interface StateResource {
  kind: string;
  id: string[];
  /** The attributes the spec declared, as applied. Their keys are what the tool manages on this resource. */
  attributes: Attrs;
  /** The spec allowed destructive changes to it when last applied (so deleting it later needs no flag either). */
  allowDestructive?: true;
}

/**
 * Which live resources this spec manages (Terraform-style). Only these are ever updated or deleted.
 * `serial` goes up on every recorded change, so a saved plan can tell the state moved since.
 */
export interface State {
  version: 1;
  /** Set when the state is first written; a plan made against another state file is refused. */
  lineage?: string;
  serial: number;
  resources: Record<string, StateResource>;
}

/** One line of the journal: a resource recorded (or forgotten, `resource: null`) during an apply. */
interface JournalEntry {
  address: string;
  resource: StateResource | null;
}

export const emptyState = (): State => ({ version: 1, serial: 0, resources: {} });

const journalOf = (path: string) => `${path}.journal`;

/**
 * Read a state file; a missing file is an empty state. Changes an apply journaled but did not fold in yet
 * (it was killed) are replayed, so nothing that was done is lost.
 */
export function readState(path: string): State {
  const state = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as State) : emptyState();
  if (state.version !== 1 || typeof state.resources !== 'object')
    throw new Error(`${path} is not a lakebox state file (version 1)`);
  const journal = journalOf(path);
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        break; // A line cut short by a crash: everything before it was complete.
      }
      applyEntry(state, entry);
    }
  }
  return state;
}

function applyEntry(state: State, entry: JournalEntry): void {
  if (entry.resource) state.resources[entry.address] = entry.resource;
  else delete state.resources[entry.address];
  state.serial += 1;
}

/** Write the state atomically (temp file, then rename) and drop the journal it now contains. */
export function writeState(path: string, state: State): void {
  state.lineage ??= randomUUID();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, path);
  rmSync(journalOf(path), { force: true });
}

/**
 * The state during an apply: each completed change is appended to a journal at once (cheap, and a crash
 * loses nothing), and `flush` folds the journal into the state file at the end.
 *
 * @example
 * const store = new StateStore(path); store.record('database.a', { kind: 'database', id: ['a'], attributes: {} }); store.flush();
 */
export class StateStore {
  readonly state: State;
  constructor(readonly path: string) {
    this.state = readState(path);
    // Fold in what a killed apply journaled, so new lines never follow a line the crash cut short.
    if (existsSync(journalOf(path))) this.flush();
  }
  /** Record a resource as managed (or forget it with `null`), durably, now. */
  record(address: string, resource: StateResource | null): void {
    const entry: JournalEntry = { address, resource };
    appendFileSync(journalOf(this.path), `${JSON.stringify(entry)}\n`);
    applyEntry(this.state, entry);
  }
  /** Fold the journal into the state file. */
  flush(): void {
    writeState(this.path, this.state);
  }
}
