import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { awsToolEnv, runTool, type ToolResult } from '../support/tools.js';

export const ROLE = 'arn:aws:iam::000000000000:role/glue';
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

/** A lakebox driven by the AWS CLI the way a shell script would, with a `scripts` bucket made by `aws s3 mb`. */
export interface CliSession extends AsyncDisposable {
  t: TestLakebox;
  /** `aws <args>`, with lakebox's endpoint from AWS_ENDPOINT_URL. */
  aws(...args: string[]): Promise<ToolResult>;
  /** Run, expect exit 0, parse stdout as JSON (empty output is `{}`). */
  awsJson(...args: string[]): Promise<Record<string, unknown>>;
  /** Run with `--query <query> --output text`, the way shell scripts read one value. */
  awsText(query: string, ...args: string[]): Promise<string>;
  /** Write `source` to a local file and `aws s3 cp` it to `s3://scripts/<name>`; returns that URI. */
  uploadScript(name: string, source: string): Promise<string>;
  /** Write a local file and `aws s3 cp` it to `uri`. */
  upload(uri: string, body: string): Promise<void>;
  /** The polling loop of a shell script: get-job-run until the state is final (or one of `states`). */
  waitForRun(job: string, runId: string, states?: ReadonlySet<string>): Promise<string>;
}

/**
 * @example
 * const cli = await startCliSession();
 * await cli.awsJson('glue', 'get-jobs');
 */
export async function startCliSession(): Promise<CliSession> {
  const t = await startTestLakebox();
  const env = awsToolEnv(t.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-cli-'));
  let files = 0;
  const aws = (...args: string[]) => runTool('aws', args, env);
  const awsJson = async (...args: string[]) => {
    const r = await aws(...args, '--output', 'json');
    expect(r, `aws ${args.join(' ')}`).toMatchObject({ code: 0 });
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };
  const awsText = async (query: string, ...args: string[]) => {
    const r = await aws(...args, '--query', query, '--output', 'text');
    expect(r, `aws ${args.join(' ')}`).toMatchObject({ code: 0 });
    return r.stdout.trim();
  };
  const upload = async (uri: string, body: string) => {
    const file = join(dir, `file-${files++}`);
    writeFileSync(file, body);
    const r = await aws('s3', 'cp', file, uri);
    expect(r, r.stderr).toMatchObject({ code: 0 });
  };
  const mb = await aws('s3', 'mb', 's3://scripts');
  expect(mb, mb.stderr).toMatchObject({ code: 0 });
  return {
    t,
    aws,
    awsJson,
    awsText,
    upload,
    async uploadScript(name, source) {
      await upload(`s3://scripts/${name}`, source);
      return `s3://scripts/${name}`;
    },
    async waitForRun(job, runId, states = FINAL) {
      for (let i = 0; i < 600; i++) {
        const state = await awsText('JobRun.JobRunState', 'glue', 'get-job-run', '--job-name', job, '--run-id', runId);
        if (states.has(state)) return state;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`run ${runId} of ${job} never reached ${[...states].join('/')}`);
    },
    async [Symbol.asyncDispose]() {
      await t[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
