import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';
import { awsToolEnv, runs, runTool } from '../support/tools.js';

const hasAws = runs('aws', ['--version']);

const title = hasAws
  ? 'the real AWS CLI against S3 and STS'
  : 'the real AWS CLI against S3 and STS (skipped: `aws` is not installed)';

describe.skipIf(!hasAws)(title, () => {
  let t: TestLakebox;
  let env: NodeJS.ProcessEnv;
  let work: string;
  beforeAll(async () => {
    t = await startTestLakebox();
    env = awsToolEnv(t.endpoint);
    work = mkdtempSync(join(tmpdir(), 'lakebox-cli-'));
  });
  afterAll(async () => {
    await t[Symbol.asyncDispose]();
    rmSync(work, { recursive: true, force: true });
  });

  it('copies a 20 MB file up (multipart) and back, and lists it', async () => {
    const mb = await runTool('aws', ['s3', 'mb', 's3://cli-bucket'], env);
    expect(mb, mb.stderr).toMatchObject({ code: 0 });
    const src = join(work, 'big.bin');
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(src, data);
    const up = await runTool('aws', ['s3', 'cp', src, 's3://cli-bucket/data/big.bin'], env, 120_000);
    expect(up, up.stderr).toMatchObject({ code: 0 });
    // Above 8 MB the CLI uploads in parts: the ETag says how many.
    const s3 = s3Client(t);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'cli-bucket', Key: 'data/big.bin' }));
    expect(head.ETag).toMatch(/-\d+"$/);
    expect(head.ContentLength).toBe(data.length);
    s3.destroy();
    const ls = await runTool('aws', ['s3', 'ls', 's3://cli-bucket/data/'], env);
    expect(ls, ls.stderr).toMatchObject({ code: 0 });
    expect(ls.stdout).toMatch(new RegExp(`${data.length}\\s+big\\.bin`));
    const lsBuckets = await runTool('aws', ['s3', 'ls'], env);
    expect(lsBuckets.stdout).toContain('cli-bucket');
    const back = join(work, 'back.bin');
    const down = await runTool('aws', ['s3', 'cp', 's3://cli-bucket/data/big.bin', back], env, 120_000);
    expect(down, down.stderr).toMatchObject({ code: 0 });
    expect(readFileSync(back).equals(data)).toBe(true);
    const rm = await runTool('aws', ['s3', 'rm', 's3://cli-bucket/data/big.bin'], env);
    expect(rm, rm.stderr).toMatchObject({ code: 0 });
  });

  it('puts a small object with s3api and reads its tags', async () => {
    await runTool('aws', ['s3api', 'create-bucket', '--bucket', 'cli-api'], env);
    const src = join(work, 'small.csv');
    writeFileSync(src, 'a,b\n1,2\n');
    const put = await runTool(
      'aws',
      [
        's3api',
        'put-object',
        '--bucket',
        'cli-api',
        '--key',
        'small.csv',
        '--body',
        src,
        '--tagging',
        'k=v',
        '--output',
        'json',
      ],
      env,
    );
    expect(put, put.stderr).toMatchObject({ code: 0 });
    const tags = await runTool(
      'aws',
      ['s3api', 'get-object-tagging', '--bucket', 'cli-api', '--key', 'small.csv', '--output', 'json'],
      env,
    );
    expect(JSON.parse(tags.stdout)).toMatchObject({ TagSet: [{ Key: 'k', Value: 'v' }] });
  });

  it('answers sts get-caller-identity', async () => {
    const me = await runTool('aws', ['sts', 'get-caller-identity', '--output', 'json'], env);
    expect(me, me.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(me.stdout)).toEqual({
      UserId: '000000000000',
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    });
  });
});
