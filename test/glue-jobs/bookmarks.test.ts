import { GetJobBookmarkCommand, ResetJobBookmarkCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { createScriptJob, startJobsTestLakebox, waitForRun } from './support.js';

/**
 * What the runtime's `Job.commit()` does (contract 4): read the bookmark, then post the new one, over HTTP
 * from inside the job process, with the environment lakebox gives it.
 */
const COMMITTING_SCRIPT = `
import json, os, sys, urllib.request
endpoint = os.environ["LAKEBOX_ENDPOINT"]
q = f"account={os.environ['LAKEBOX_ACCOUNT']}&region={os.environ['LAKEBOX_REGION']}&job={os.environ['LAKEBOX_JOB_NAME']}"
with urllib.request.urlopen(f"{endpoint}/_lakebox/jobs/bookmark?{q}") as r:
    current = json.loads(r.read())
seen = json.loads(current["JobBookmark"]) if current["JobBookmark"] else {"files": []}
print("previous:" + ",".join(seen["files"]))
seen["files"].append(sys.argv[sys.argv.index("--file") + 1])
body = json.dumps({
    "account": os.environ["LAKEBOX_ACCOUNT"], "region": os.environ["LAKEBOX_REGION"],
    "job": os.environ["LAKEBOX_JOB_NAME"], "runId": os.environ["LAKEBOX_JOB_RUN_ID"],
    "JobBookmark": json.dumps(seen),
}).encode()
req = urllib.request.Request(f"{endpoint}/_lakebox/jobs/bookmark", data=body, method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req).read()
`;

describe('job bookmarks', () => {
  it('keeps what Job.commit() writes; GetJobBookmark shows it; ResetJobBookmark clears it', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'incremental', COMMITTING_SCRIPT);
    await expect(t.glue.send(new GetJobBookmarkCommand({ JobName: 'incremental' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });

    const run = async (file: string) => {
      const { JobRunId = '' } = await t.glue.send(
        new StartJobRunCommand({ JobName: 'incremental', Arguments: { '--file': file } }),
      );
      const done = await waitForRun(t.glue, 'incremental', JobRunId);
      expect(done.ErrorMessage).toBeUndefined();
      expect(done.JobRunState).toBe('SUCCEEDED');
      return JobRunId;
    };
    const first = await run('a.csv');
    const second = await run('b.csv');

    const { JobBookmarkEntry: entry } = await t.glue.send(new GetJobBookmarkCommand({ JobName: 'incremental' }));
    expect(entry).toMatchObject({ JobName: 'incremental', Version: 2, Run: 2, Attempt: 0, RunId: second });
    expect(entry?.PreviousRunId).toBe(first);
    expect(JSON.parse(entry?.JobBookmark ?? '{}')).toEqual({ files: ['a.csv', 'b.csv'] });

    const reset = await t.glue.send(new ResetJobBookmarkCommand({ JobName: 'incremental' }));
    expect(reset.JobBookmarkEntry?.JobName).toBe('incremental');
    const raw = await fetch(
      `${t.endpoint}/_lakebox/jobs/bookmark?account=000000000000&region=us-east-1&job=incremental`,
    );
    expect(await raw.json()).toEqual({ JobBookmark: '', Run: 0 });
    await run('c.csv');
    const after = await t.glue.send(new GetJobBookmarkCommand({ JobName: 'incremental' }));
    expect(JSON.parse(after.JobBookmarkEntry?.JobBookmark ?? '{}')).toEqual({ files: ['c.csv'] });
  });

  it('is EntityNotFoundException for an unknown job', async () => {
    await using t = await startJobsTestLakebox();
    await expect(t.glue.send(new GetJobBookmarkCommand({ JobName: 'nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await expect(t.glue.send(new ResetJobBookmarkCommand({ JobName: 'nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    const post = await fetch(`${t.endpoint}/_lakebox/jobs/bookmark`, {
      method: 'POST',
      body: JSON.stringify({
        account: '000000000000',
        region: 'us-east-1',
        job: 'nope',
        runId: 'jr_x',
        JobBookmark: '{}',
      }),
    });
    expect(post.status).toBe(404);
  });
});
