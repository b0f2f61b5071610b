import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type ServeProcess, spawnServe } from '../support/process.js';

const run = promisify(execFile);
const BUILT_CLI = join(REPO_ROOT, 'packages/emulator/dist/cli.js');
const config = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

/** What `npm start` runs: the esbuild bundle with plain node, its lazily loaded chunks included. */
describe('the built CLI (dist/cli.js)', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    await run(process.execPath, [join(REPO_ROOT, 'packages/emulator/scripts/build.mjs')], { timeout: 60_000 });
    serve = await spawnServe(['--port', '0', '--ephemeral'], { builtCli: BUILT_CLI });
  }, 90_000);
  afterAll(async () => {
    await serve?.stop('SIGTERM');
  });

  it('runs an Athena query through the lazily loaded SQL engine', async () => {
    const s3 = new S3Client({ ...config(serve.endpoint), forcePathStyle: true });
    const athena = new AthenaClient(config(serve.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: 'SELECT 6 * 7 AS answer',
        ResultConfiguration: { OutputLocation: 's3://results/' },
      }),
    );
    let state: string | undefined;
    for (let i = 0; i < 200 && state !== 'SUCCEEDED' && state !== 'FAILED'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      state = QueryExecution?.Status?.State;
    }
    expect(state).toBe('SUCCEEDED');
    s3.destroy();
    athena.destroy();
  });

  it('answers reconciler commands from its own chunk', async () => {
    const { stdout } = await run(process.execPath, [BUILT_CLI, 'plan', '--help'], { timeout: 30_000 });
    expect(stdout).toContain('Show what apply would change');
  });
});
