import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3StateBackend } from '@lakebox/reconciler';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../support/lakebox.js';
import { workspace } from './helpers.js';
import { TARGETS } from './targets.js';

const STATE = 's3://team-state/lakebox/prod.json';

async function readObject(s3: S3Client, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: 'team-state', Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}

/**
 * The S3 state backend, on every implementation of S3 on this machine: the state is one object, the lock an
 * object created with If-None-Match: *, state writes conditional on the ETag read.
 */
describe.each(TARGETS)('reconciler S3 state on $name', (target) => {
  it.skipIf(target.skip !== undefined)(
    'keeps the state in S3, locks with conditional writes, waits for a holder, and force-unlocks by id',
    async () => {
      await using t = await target.start();
      await using ws = workspace(t.endpoint);
      const s3 = new S3Client({
        endpoint: t.endpoint,
        region: 'us-east-1',
        credentials: TEST_CREDENTIALS,
        forcePathStyle: true,
        maxAttempts: 1,
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'team-state' }));
      // The backend declared in the spec; nothing is written beside the spec.
      ws.writeSpec(
        'state: { backend: s3, bucket: team-state, key: lakebox/prod.json }\ndatabases: [{ name: a }, { name: b }]\n',
      );
      const applied = await ws.run('apply', '--auto-approve');
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(existsSync(join(ws.dir, '.lakebox-state.json'))).toBe(false);
      const state = JSON.parse(await readObject(s3, 'lakebox/prod.json'));
      expect(Object.keys(state.resources).sort()).toEqual(['database.a', 'database.b']);
      expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
      const shown = await ws.run('show');
      expect(shown.stdout).toContain(`${STATE} (serial`);
      expect(shown.stdout).toContain('database.a');

      // Someone holds the lock: wait up to --lock-timeout, then fail naming them.
      const lock = { id: 'their-lock', who: 'pid 7 on ci-runner', operation: 'apply', since: 'a while ago' };
      await s3.send(
        new PutObjectCommand({ Bucket: 'team-state', Key: 'lakebox/prod.json.lock', Body: JSON.stringify(lock) }),
      );
      ws.writeSpec('databases: [{ name: a }, { name: b }, { name: c }]\n');
      const locked = await ws.run('apply', '--auto-approve', '--state', STATE, '--lock-timeout', '500ms');
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(`the state ${STATE} is locked by pid 7 on ci-runner`);
      expect(locked.stderr).toContain('--force-unlock their-lock');
      const wrong = await ws.run('apply', '--auto-approve', '--state', STATE, '--force-unlock', 'nope');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('has id their-lock');
      const forced = await ws.run('apply', '--auto-approve', '--state', STATE, '--force-unlock', 'their-lock');
      expect(forced.stderr).toBe('');
      expect(forced.code).toBe(0);
      await expect(
        s3.send(new GetObjectCommand({ Bucket: 'team-state', Key: 'lakebox/prod.json.lock' })),
      ).rejects.toMatchObject({ name: 'NoSuchKey' });

      // Two applies at once on one S3 state: the second waits for the lock, then finds nothing to do.
      ws.writeSpec('databases: [{ name: a }, { name: b }, { name: c }, { name: d }]\n');
      const both = await Promise.all([
        ws.run('apply', '--auto-approve', '--state', STATE, '--lock-timeout', '60s'),
        ws.run('apply', '--auto-approve', '--state', STATE, '--lock-timeout', '60s'),
      ]);
      expect(both.map((r) => r.code)).toEqual([0, 0]);
      expect(both.map((r) => r.stdout).join('\n')).toContain('No changes.');
      const final = JSON.parse(await readObject(s3, 'lakebox/prod.json'));
      expect(Object.keys(final.resources).sort()).toEqual(['database.a', 'database.b', 'database.c', 'database.d']);

      // A writer whose read is no longer current (someone wrote since) never overwrites: If-Match fails.
      const backend = new S3StateBackend(s3, 'team-state', 'lakebox/prod.json');
      const first = await backend.open();
      const second = await backend.open();
      await first.record('database.x', { kind: 'database', id: ['x'], attributes: {} });
      await expect(second.record('database.y', { kind: 'database', id: ['y'], attributes: {} })).rejects.toThrow(
        'was changed by someone else during this apply',
      );
      await first.record('database.x', null);
      expect((await ws.run('destroy', '--auto-approve', '--state', STATE)).code).toBe(0);
      s3.destroy();
    },
    120_000,
  );
});
