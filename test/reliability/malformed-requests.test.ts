import { connect } from 'node:net';
import { CreateDatabaseCommand, GetDatabasesCommand } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { withTimeout } from '../support/process.js';
import { isAwsJsonError, type RawRequest, rawRequest } from '../support/wire.js';

const MiB = 1024 * 1024;

let t: TestLakebox;

beforeAll(async () => {
  t = await startTestLakebox();
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
});

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

async function databaseNames(): Promise<string[]> {
  const { DatabaseList } = await t.glue.send(new GetDatabasesCommand({}));
  return DatabaseList?.map((d) => d.Name ?? '') ?? [];
}

/** The server still answers a well-formed request, and the bad request changed nothing. */
async function expectStillServing(before: string[]): Promise<void> {
  expect(await databaseNames()).toEqual(before);
}

interface Case {
  what: string;
  request: RawRequest;
  /** The error code AWS gives, when known; otherwise any AWS-shaped 4xx passes. */
  code?: string;
  status?: number;
}

const cases: Case[] = [
  {
    what: 'malformed JSON',
    request: { target: 'AWSGlue.CreateDatabase', body: '{"DatabaseInput": {"Name": "x"' },
    code: 'SerializationException',
  },
  {
    // Jackson (behind AWS's JSON services) stops at the first invalid byte; decoding it leniently would
    // store U+FFFD in place of what the client meant.
    what: 'a body that is not valid UTF-8',
    request: {
      target: 'AWSGlue.CreateDatabase',
      body: Buffer.concat([Buffer.from('{"DatabaseInput": {"Name": "caf'), Buffer.from([0xe9]), Buffer.from('"}}')]),
    },
    code: 'SerializationException',
  },
  {
    what: 'a body that is a JSON array',
    request: { target: 'AWSGlue.CreateDatabase', body: '[{"DatabaseInput": {"Name": "x"}}]' },
    code: 'SerializationException',
  },
  { what: 'a body that is a JSON string', request: { target: 'AWSGlue.GetDatabases', body: '"hello"' } },
  { what: 'a body that is JSON null', request: { target: 'AWSGlue.GetDatabases', body: 'null' } },
  {
    what: 'a string where a structure is expected',
    request: { target: 'AWSGlue.CreateDatabase', body: { DatabaseInput: 'sales' } },
    code: 'SerializationException',
  },
  {
    what: 'a list where a structure is expected',
    request: { target: 'AWSGlue.CreateTable', body: { DatabaseName: 'db', TableInput: ['t'] } },
    code: 'SerializationException',
  },
  {
    what: 'a number where a string is expected',
    request: { target: 'AWSGlue.CreateDatabase', body: { DatabaseInput: { Name: 42 } } },
    code: 'SerializationException',
  },
  {
    what: 'a string where a number is expected',
    request: { target: 'AWSGlue.GetTables', body: { DatabaseName: 'db', MaxResults: 'ten' } },
    code: 'SerializationException',
  },
  {
    what: 'a structure where a map of strings is expected to hold strings',
    request: { target: 'AWSGlue.CreateDatabase', body: { DatabaseInput: { Name: 'x', Parameters: { a: { b: 1 } } } } },
    code: 'SerializationException',
  },
  {
    what: 'a deeply nested body (100 000 levels)',
    request: {
      target: 'AWSGlue.CreateDatabase',
      body: `{"DatabaseInput":{"Name":"x","Parameters":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`,
    },
  },
  {
    what: 'a 17 MiB body',
    request: {
      target: 'AWSGlue.CreateDatabase',
      body: JSON.stringify({ DatabaseInput: { Name: 'big', Description: 'x'.repeat(17 * MiB) } }),
    },
    status: 413,
  },
  {
    what: 'an empty body for an operation with required members',
    request: { target: 'AWSGlue.CreateDatabase', body: '' },
  },
  { what: 'a missing X-Amz-Target', request: { target: undefined, body: { DatabaseInput: { Name: 'x' } } } },
  {
    what: 'an unknown target',
    request: { target: 'AWSGlue.NoSuchThing', body: {} },
    code: 'UnknownOperationException',
  },
];

describe('malformed requests get a clear 4xx with an AWS JSON error, and the server keeps serving', () => {
  it.each(cases)('$what', async ({ request, code, status }) => {
    const before = await databaseNames();
    const res = await rawRequest(t.endpoint, request);
    expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
    if (status !== undefined) expect(res.status).toBe(status);
    expect(isAwsJsonError(res.json), res.text.slice(0, 300)).toBe(true);
    const type = (res.json as { __type: string }).__type;
    expect(res.headers.get('x-amzn-errortype')).toBe(type);
    expect(res.headers.get('content-type')).toContain('application/x-amz-json-1.1');
    if (code !== undefined) expect(type).toBe(code);
    await expectStillServing(before);
  });

  it('survives a client that disconnects in the middle of its body', async () => {
    const before = await databaseNames();
    const { hostname, port } = new URL(t.endpoint);
    await withTimeout(
      new Promise<void>((done, fail) => {
        const socket = connect({ host: hostname, port: Number(port) }, () => {
          socket.write(
            'POST / HTTP/1.1\r\nHost: lakebox\r\nContent-Type: application/x-amz-json-1.1\r\n' +
              'X-Amz-Target: AWSGlue.CreateDatabase\r\nContent-Length: 100000\r\n\r\n{"DatabaseInput": {"Na',
            () => {
              socket.destroy();
              done();
            },
          );
        });
        socket.once('error', fail);
      }),
      5_000,
      'the half-sent request',
    );
    // Still serving, and nothing of the half-sent request was created.
    await expectStillServing(before);
  });

  it('serves well-formed requests interleaved with a burst of bad ones', async () => {
    const bad = Array.from({ length: 30 }, (_, i) =>
      rawRequest(t.endpoint, { target: 'AWSGlue.CreateDatabase', body: i % 2 ? '[' : { DatabaseInput: 7 } }),
    );
    const good = Array.from({ length: 10 }, () => t.glue.send(new GetDatabasesCommand({})));
    const [badAnswers, goodAnswers] = await Promise.all([Promise.all(bad), Promise.all(good)]);
    for (const a of badAnswers) expect(a.status).toBe(400);
    for (const a of goodAnswers) expect(a.DatabaseList?.map((d) => d.Name)).toContain('db');
  });
});
