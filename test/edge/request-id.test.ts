import { CreateDatabaseCommand, GetDatabaseCommand, GetDatabasesCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { rawRequest } from '../support/wire.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('x-amzn-RequestId', () => {
  it('reaches the SDK on success and on error', async () => {
    await using t = await startTestLakebox();
    const ok = await t.glue.send(new GetDatabasesCommand({}));
    expect(ok.$metadata.requestId).toMatch(UUID);

    const failed = await t.glue.send(new GetDatabaseCommand({ Name: 'missing' })).catch((e: unknown) => e);
    expect(failed).toMatchObject({ name: 'EntityNotFoundException' });
    expect((failed as { $metadata: { requestId?: string } }).$metadata.requestId).toMatch(UUID);
  });

  it('is on every response: success, AWS error, unknown route, internal routes, oversized body', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    const answers = [
      await rawRequest(t.endpoint, { target: 'AWSGlue.GetDatabases' }),
      await rawRequest(t.endpoint, { target: 'AWSGlue.GetDatabase', body: { Name: 'nope' } }),
      await rawRequest(t.endpoint, { target: 'AWSGlue.CreateDatabase', body: '{not json' }),
      await rawRequest(t.endpoint, { target: 'AWSGlue.NoSuchThing' }),
      await rawRequest(t.endpoint, { target: undefined }),
      await rawRequest(t.endpoint, { method: 'GET', path: '/_lakebox/health' }),
      await rawRequest(t.endpoint, { method: 'POST', path: '/_lakebox/reset' }),
      await rawRequest(t.endpoint, { method: 'POST', path: '/moto-api/reset' }),
      await rawRequest(t.endpoint, { method: 'GET', path: '/_lakebox/no-such-route' }),
      await rawRequest(t.endpoint, { target: 'AWSGlue.CreateDatabase', body: 'x'.repeat(17 * 1024 * 1024) }),
    ];
    // Successes on Glue and the internal routes; every other request is a caller fault.
    expect(answers.map((a) => Math.floor(a.status / 100))).toEqual([2, 4, 4, 4, 4, 2, 2, 2, 4, 4]);
    for (const a of answers) expect(a.headers.get('x-amzn-requestid')).toMatch(UUID);
    const ids = new Set(answers.map((a) => a.headers.get('x-amzn-requestid')));
    expect(ids.size).toBe(answers.length);
  });
});
