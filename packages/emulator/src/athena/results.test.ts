import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GetQueryResultsCommandOutput, Row } from '@aws-sdk/client-athena';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lakebox, OpContext } from '../context.js';
import { LakeboxEvents } from '../events.js';
import { encodedBodyOf, encodeJson11Output } from '../protocol/json11.js';
import { createApp } from '../server.js';
import { openDb } from '../store/sqlite.js';
import { getQueryResults } from './results.js';

const root = mkdtempSync(join(tmpdir(), 'results-'));
const lakebox: Lakebox = {
  db: openDb(':memory:'),
  dataDir: undefined,
  rootDir: root,
  onStop: [],
  onReset: [],
  endpoint: '',
  events: new LakeboxEvents(),
  defaultAccountId: '123456789012',
};
const app = createApp(lakebox);
afterAll(async () => {
  for (const hook of lakebox.onStop.reverse()) await hook();
  lakebox.db.close();
  rmSync(root, { recursive: true, force: true });
});
const ctx: OpContext = {
  lakebox,
  db: lakebox.db,
  account: '123456789012',
  region: 'us-east-1',
  requestId: 'test',
  now: new Date(),
};

function call(
  service: 'athena' | 'glue' | 's3',
  target: string | undefined,
  body?: unknown,
  path = '/',
  method = 'POST',
) {
  const prefix = service === 'glue' ? 'AWSGlue' : 'AmazonAthena';
  return app.request(path, {
    method,
    headers: {
      ...(target ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${prefix}.${target}` } : {}),
      authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function run(sql: string): Promise<string> {
  const res = await call('athena', 'StartQueryExecution', {
    QueryString: sql,
    ResultConfiguration: { OutputLocation: 's3://results/out/' },
  });
  const id = ((await res.json()) as { QueryExecutionId: string }).QueryExecutionId;
  for (let i = 0; i < 500; i++) {
    const q = (await (await call('athena', 'GetQueryExecution', { QueryExecutionId: id })).json()) as {
      QueryExecution: { Status: { State: string; StateChangeReason?: string } };
    };
    const status = q.QueryExecution.Status;
    if (status.State === 'SUCCEEDED') return id;
    if (status.State !== 'QUEUED' && status.State !== 'RUNNING') throw new Error(JSON.stringify(status));
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`query ${id} did not finish`);
}

const values = (row: Row) => (row.Data ?? []).map((d) => (d.VarCharValue === undefined ? null : d.VarCharValue));

/** Every page over HTTP, each checked against the generic encoder's text for the in-process output. */
async function pages(id: string, maxResults: number) {
  const seen: Omit<GetQueryResultsCommandOutput, '$metadata'>[] = [];
  let token: string | undefined;
  do {
    const input = { QueryExecutionId: id, MaxResults: maxResults, ...(token ? { NextToken: token } : {}) };
    const text = await (await call('athena', 'GetQueryResults', input)).text();
    const output = await getQueryResults(ctx, input);
    expect(Buffer.from(encodedBodyOf(output) ?? []).toString('utf8')).toBe(text);
    expect(encodeJson11Output(output)).toBe(text);
    const parsed = JSON.parse(text) as Omit<GetQueryResultsCommandOutput, '$metadata'>;
    seen.push(parsed);
    token = parsed.NextToken;
  } while (token);
  return seen;
}

describe('GetQueryResults bodies written from the result file', () => {
  it('are the generic encoder text: header on the first page only, NULL vs empty string, UpdateCount, tokens', async () => {
    await call('s3', undefined, undefined, '/results', 'PUT');
    const id = await run(
      `SELECT * FROM (VALUES (1, 'a', CAST(NULL AS varchar)), (2, '', 'q"u\\o\te'), (3, 'é😀' || chr(8232), chr(1)))` +
        ' AS t(n, s, z) ORDER BY n',
    );
    const twoByTwo = await pages(id, 2);
    expect(twoByTwo.map((p) => p.ResultSet?.Rows?.length)).toEqual([2, 2]);
    expect(twoByTwo.map((p) => p.UpdateCount)).toEqual([0, 0]);
    expect(twoByTwo[1]?.NextToken).toBeUndefined();
    expect(twoByTwo.flatMap((p) => p.ResultSet?.Rows ?? []).map(values)).toEqual([
      ['n', 's', 'z'],
      ['1', 'a', null],
      ['2', '', 'q"u\\o\te'],
      ['3', 'é😀\u2028', '\u0001'],
    ]);
    const whole = await pages(id, 1000);
    expect(whole).toHaveLength(1);
    expect(whole[0]?.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name)).toEqual(['n', 's', 'z']);
  });

  it('DDL and UTILITY results have no header row and no UpdateCount', async () => {
    for (const Name of ['lake', 'lake2']) await call('glue', 'CreateDatabase', { DatabaseInput: { Name } });
    const id = await run('SHOW DATABASES');
    const [first, second] = await pages(id, 1);
    expect(first?.UpdateCount).toBeUndefined();
    expect([first, second].map((p) => p?.ResultSet?.Rows?.map(values))).toEqual([[['lake']], [['lake2']]]);
    expect((await pages(id, 1000))[0]?.ResultSet?.Rows?.map(values)).toEqual([['lake'], ['lake2']]);
  });
});
