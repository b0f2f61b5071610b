import { describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../packages/emulator/src/events.js';
import { jobOperations } from '../../packages/emulator/src/glue/jobs/operations.js';
import { EngineHarness } from '../support/engine.js';

/** In process, through the op table (cross-helper contract 1), so the lakebox's events can be watched. */
describe('job run-state events', () => {
  async function runAndCollect(source: string, maxRetries = 0): Promise<RunStateEvent[]> {
    await using h = new EngineHarness();
    h.bucket('scripts');
    h.put('scripts', 'job.py', source);
    const seen: RunStateEvent[] = [];
    const done = new Promise<void>((resolve) => {
      h.lakebox.events.on('runState', (e) => {
        seen.push(e);
        const finalAttempt = e.runId.endsWith(maxRetries === 0 ? '' : `_attempt_${maxRetries}`);
        if (['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR'].includes(e.state) && finalAttempt) resolve();
      });
    });
    await jobOperations.CreateJob(h.ctx(), {
      Name: 'evented',
      Role: 'r',
      Command: { Name: 'pythonshell', ScriptLocation: 's3://scripts/job.py' },
      MaxRetries: maxRetries,
    });
    await jobOperations.StartJobRun(h.ctx(), { JobName: 'evented' });
    await done;
    return seen;
  }

  it('emits STARTING, RUNNING and the final state, scoped by account and region', async () => {
    const seen = await runAndCollect('print(1)');
    expect(seen.map((e) => e.state)).toEqual(['STARTING', 'RUNNING', 'SUCCEEDED']);
    expect(seen[0]).toMatchObject({ kind: 'job', name: 'evented', account: '000000000000', region: 'us-east-1' });
    expect(seen[0]?.runId).toMatch(/^jr_/);
    expect(new Set(seen.map((e) => e.runId)).size).toBe(1);
    expect(seen.every((e) => e.at instanceof Date)).toBe(true);
  });

  it('emits every attempt of a retried run', async () => {
    const seen = await runAndCollect('raise SystemExit(2)', 1);
    expect(seen.map((e) => e.state)).toEqual(['STARTING', 'RUNNING', 'FAILED', 'STARTING', 'RUNNING', 'FAILED']);
    expect(seen[3]?.runId).toBe(`${seen[0]?.runId}_attempt_1`);
  });
});
