import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, GetDatabaseCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const LONG = 'x'.repeat(300);

describe('reconciler: failures, convergence and locking', () => {
  it('stops on a terminal error, says what was and was not done, and the next apply converges', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(`
databases: [{ name: a }]
tables:
  - { database: a, name: good, format: csv }
  - { database: a, name: ${LONG}, format: csv }
`);
    const first = await ws.run('apply', '--auto-approve', '--parallelism', '1');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Apply stopped on an error');
    expect(first.stdout).toMatch(/failed: table\.a\.x+ \(create\): /);
    expect(first.stdout).toContain('What was done is recorded in the state; run apply again to converge.');
    const state = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json'), 'utf8'));
    expect(Object.keys(state.resources)).toContain('database.a');

    ws.writeSpec(`
databases: [{ name: a }]
tables:
  - { database: a, name: good, format: csv }
  - { database: a, name: short, format: csv }
`);
    const second = await ws.run('apply', '--auto-approve');
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
    const after = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json'), 'utf8'));
    expect(Object.keys(after.resources).sort()).toEqual(['database.a', 'table.a.good', 'table.a.short']);
  });

  it('destroy deletes managed tables but not a database that still holds tables it does not manage', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: a }]\ntables: [{ database: a, name: mine, format: parquet }]\n');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'a', TableInput: { Name: 'theirs' } }));
    const destroyed = await ws.run('destroy', '--auto-approve');
    expect(destroyed.code).toBe(1);
    expect(destroyed.stdout).toContain('table.a.mine: delete done');
    expect(destroyed.stdout).toContain('database a still has tables this state does not manage (theirs)');
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'a' }))).resolves.toBeDefined();

    await t.glue.send(new DeleteTableCommand({ DatabaseName: 'a', Name: 'theirs' }));
    expect((await ws.run('destroy', '--auto-approve')).code).toBe(0);
  });

  it('refuses to apply while another apply holds the state lock, until --force-unlock <its id>', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: a }]\n');
    const lock = { id: 'lock-1', who: 'pid 1 on ci', operation: 'apply', since: 'then' };
    writeFileSync(join(ws.dir, '.lakebox-state.json.lock'), JSON.stringify(lock));
    const locked = await ws.run('apply', '--auto-approve', '--lock-timeout', '300ms');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('Waiting for the state lock held by pid 1 on ci (apply, lock id lock-1)');
    expect(locked.stderr).toContain('is locked by pid 1 on ci (apply since then, lock id lock-1)');
    expect(locked.stderr).toContain('re-run with --force-unlock lock-1');
    const wrong = await ws.run('apply', '--auto-approve', '--force-unlock', 'lock-2');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('has id lock-1 (pid 1 on ci), not that one');
    expect((await ws.run('apply', '--auto-approve', '--force-unlock', 'lock-1')).code).toBe(0);
  });

  it('two concurrent applies: one applies, the other fails at once naming the holder; the state stays whole', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: a }, { name: b }, { name: c }]\n');
    const runs = await Promise.all([ws.run('apply', '--auto-approve'), ws.run('apply', '--auto-approve')]);
    const codes = runs.map((r) => r.code).sort();
    expect(codes).toEqual([0, 1]);
    const loser = runs.find((r) => r.code === 1)!;
    expect(loser.stderr).toMatch(/is locked by pid \d+ on .* \(apply since .*, lock id [0-9a-f-]{36}\)/);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('two concurrent applies with --lock-timeout: the second waits, then plans against what the first did', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: a }, { name: b }, { name: c }]\n');
    const runs = await Promise.all([
      ws.run('apply', '--auto-approve', '--lock-timeout', '60s'),
      ws.run('apply', '--auto-approve', '--lock-timeout', '60s'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(runs.map((r) => r.stdout).join('\n')).toContain('No changes.');
    expect(runs.map((r) => r.stderr).join('')).toContain('Waiting for the state lock held by');
    const state = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json'), 'utf8'));
    expect(Object.keys(state.resources).sort()).toEqual(['database.a', 'database.b', 'database.c']);
  });
});

describe('reconciler: confirmation', () => {
  it('asks before applying, and does nothing unless the answer is yes', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: a }]\n');
    const questions: string[] = [];
    const no = await ws.run.withConfirm(async (q) => {
      questions.push(q);
      return false;
    })('apply');
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('Apply cancelled.');
    expect(questions[0]).toContain("Do you want to perform these actions? Only 'yes' will be accepted");
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'a' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    const yes = await ws.run.withConfirm(async () => true)('apply');
    expect(yes.code).toBe(0);
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'a' }))).resolves.toBeDefined();
  });
});
