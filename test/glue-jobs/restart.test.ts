import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetJobRunCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../packages/emulator/src/store/sqlite.js';
import { createScriptJob, processGone, startJobsTestLakebox, TREE_SCRIPT, treePids, waitForRun } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('job processes across a lakebox stop, restart and reset', () => {
  it('kills running job processes (the whole tree) on stop and shows the run as ERROR after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-jobs-restart-'));
    dirs.push(dataDir);
    let runId = '';
    let pids: number[] = [];
    {
      await using t = await startJobsTestLakebox({ dataDir });
      await createScriptJob(t, 'long', TREE_SCRIPT);
      runId = (await t.glue.send(new StartJobRunCommand({ JobName: 'long' }))).JobRunId ?? '';
      await waitForRun(t.glue, 'long', runId, new Set(['RUNNING']));
      pids = await treePids(t, runId);
      expect(pids).toHaveLength(2);
    }
    for (const pid of pids) expect(await processGone(pid)).toBe(true);

    await using again = await startJobsTestLakebox({ dataDir });
    const { JobRun: run } = await again.glue.send(new GetJobRunCommand({ JobName: 'long', RunId: runId }));
    expect(run?.JobRunState).toBe('ERROR');
    expect(run?.ErrorMessage).toContain('lakebox stopped');
    expect(run?.CompletedOn).toBeInstanceOf(Date);
  });

  it('closes runs a crashed lakebox left RUNNING as ERROR when it starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-jobs-crash-'));
    dirs.push(dataDir);
    let runId = '';
    {
      await using t = await startJobsTestLakebox({ dataDir });
      await createScriptJob(t, 'quick', 'print(1)');
      runId = (await t.glue.send(new StartJobRunCommand({ JobName: 'quick' }))).JobRunId ?? '';
      await waitForRun(t.glue, 'quick', runId);
    }
    // What a kill -9 mid-run leaves behind: the row still RUNNING.
    const db = openDb(join(dataDir, 'metadata.sqlite'));
    const doc = JSON.parse(db.prepare('SELECT doc FROM glue_job_runs WHERE run_id = ?').pluck().get(runId) as string);
    delete doc.CompletedOn;
    delete doc.ExecutionTime;
    doc.JobRunState = 'RUNNING';
    db.prepare("UPDATE glue_job_runs SET state = 'RUNNING', doc = ? WHERE run_id = ?").run(JSON.stringify(doc), runId);
    db.close();

    await using again = await startJobsTestLakebox({ dataDir });
    const { JobRun: run } = await again.glue.send(new GetJobRunCommand({ JobName: 'quick', RunId: runId }));
    expect(run?.JobRunState).toBe('ERROR');
    expect(run?.ErrorMessage).toContain('lakebox restarted');
  });

  it('a reset kills running job processes and removes every job and run', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'tree', TREE_SCRIPT);
    const runId = (await t.glue.send(new StartJobRunCommand({ JobName: 'tree' }))).JobRunId ?? '';
    const pids = await treePids(t, runId);
    t.lakebox.reset();
    for (const pid of pids) expect(await processGone(pid)).toBe(true);
    await expect(t.glue.send(new GetJobRunCommand({ JobName: 'tree', RunId: runId }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });
});
