import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { runQuery, startAthenaTestLakebox, waitForQuery } from '../support/athena.js';

/** A query that keeps DuckDB busy for many seconds. */
const SLOW_SQL =
  'SELECT count(*) FROM UNNEST(sequence(1, 100000)) a(x) CROSS JOIN UNNEST(sequence(1, 100000)) b(y) CROSS JOIN UNNEST(sequence(1, 1000)) c(z)';

describe('Athena query scheduling', () => {
  it('runs at most 4 queries at once, keeps the rest QUEUED, and cancels queued and running ones', async () => {
    await using t = await startAthenaTestLakebox();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await t.athena.send(
        new StartQueryExecutionCommand({ QueryString: SLOW_SQL, ResultConfiguration: { OutputLocation: t.output } }),
      );
      ids.push(out.QueryExecutionId ?? '');
    }
    const states = async () =>
      Promise.all(
        ids.map(
          async (id) =>
            (await t.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State,
        ),
      );
    let seen: (string | undefined)[] = [];
    for (let i = 0; i < 200; i++) {
      seen = await states();
      if (seen.filter((s) => s === 'RUNNING').length === 4) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'QUEUED']);
    await expect(t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: ids[4] }))).rejects.toMatchObject({
      message: 'Query has not yet finished. Current state: QUEUED',
    });

    // FIXME: the engine misses an abort that arrives while it prepares the query (before DuckDB runs it);
    // let the running ones get going first so the stops interrupt DuckDB.
    await new Promise((r) => setTimeout(r, 500));
    await t.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: ids[4] }));
    expect((await waitForQuery(t.athena, ids[4] ?? '')).Status?.State).toBe('CANCELLED');
    for (const id of ids.slice(0, 4)) await t.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    expect(await states()).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);

    // The slots are free again: a small query runs at once.
    const started = Date.now();
    const q = await runQuery(t, { QueryString: 'SELECT 1' });
    expect(q.Status?.State).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stopping lakebox with queries running aborts them instead of waiting for them', async () => {
    const t = await startAthenaTestLakebox();
    for (let i = 0; i < 3; i++) {
      await t.athena.send(
        new StartQueryExecutionCommand({ QueryString: SLOW_SQL, ResultConfiguration: { OutputLocation: t.output } }),
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    await t[Symbol.asyncDispose]();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a query left running by a stopped lakebox is FAILED when lakebox starts again on the same data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-athena-'));
    try {
      let id = '';
      {
        await using t = await startAthenaTestLakebox({ dataDir });
        id =
          (
            await t.athena.send(
              new StartQueryExecutionCommand({
                QueryString: SLOW_SQL,
                ResultConfiguration: { OutputLocation: t.output },
              }),
            )
          ).QueryExecutionId ?? '';
        await new Promise((r) => setTimeout(r, 500));
      }
      await using again = await startAthenaTestLakebox({ dataDir });
      const q = (await again.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
      expect(q?.Status?.State).toBe('FAILED');
      expect(q?.Status?.StateChangeReason).toMatch(/lakebox stopped/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses NextTokens it did not make, and unknown workgroups', async () => {
    await using t = await startAthenaTestLakebox();
    const q = await runQuery(t, { QueryString: 'SELECT 1' });
    await expect(
      t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException', message: 'Malformed nextPageToken garbage' });
    // A token is bound to its query: another query's token is refused.
    const big = await runQuery(t, { QueryString: 'SELECT x FROM UNNEST(sequence(1, 1500)) t(x)' });
    const first = await t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: big.QueryExecutionId }));
    expect(first.NextToken).toBeDefined();
    await expect(
      t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: first.NextToken })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(t.athena.send(new ListQueryExecutionsCommand({ WorkGroup: 'nope' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'WorkGroup is not found.',
    });
    await expect(
      t.athena.send(
        new StartQueryExecutionCommand({
          QueryString: 'SELECT 1',
          WorkGroup: 'nope',
          ResultConfiguration: { OutputLocation: t.output },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException', message: 'WorkGroup is not found.' });
  });
});
