import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, StateStore } from './state.js';

const tempState = () => join(mkdtempSync(join(tmpdir(), 'lakebox-state-')), '.lakebox-state.json');
const db = (name: string) => ({ kind: 'database', id: [name], attributes: {} });

describe('StateStore', () => {
  it('journals every change at once and folds the journal in on flush', () => {
    const path = tempState();
    const store = new StateStore(path);
    store.record('database.a', db('a'));
    store.record('database.b', db('b'));
    store.record('database.a', null);
    expect(existsSync(`${path}.journal`)).toBe(true);
    expect(readState(path)).toEqual({ version: 1, serial: 3, resources: { 'database.b': db('b') } });
    store.flush();
    expect(existsSync(`${path}.journal`)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      version: 1,
      lineage: expect.stringMatching(/^[0-9a-f-]{36}$/),
      serial: 3,
      resources: { 'database.b': db('b') },
    });
  });

  it('replays a journal left by a killed apply, up to a line the crash cut short', () => {
    const path = tempState();
    const store = new StateStore(path);
    store.record('database.a', db('a'));
    appendFileSync(`${path}.journal`, '{"address":"database.b","reso');
    expect(readState(path).resources).toEqual({ 'database.a': db('a') });
    const next = new StateStore(path);
    next.record('database.c', db('c'));
    expect(readState(path)).toMatchObject({
      version: 1,
      serial: 2,
      resources: { 'database.a': db('a'), 'database.c': db('c') },
    });
  });
});
