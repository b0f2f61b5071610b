import { GetDatabasesCommand, GetMLTransformCommand, GlueClient } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, TEST_CREDENTIALS } from '../support/lakebox.js';
import { errorCodeOf, isAwsJsonError, rawRequest, sigv4Authorization } from '../support/wire.js';

/** A caller fault answers at once: no retries to wait out, no server work to do. */
const PROMPT_MS = 2_000;

describe('edge: which service and which operation', () => {
  it('finds Glue from X-Amz-Target alone, and from target and SigV4 scope together', async () => {
    await using t = await startTestLakebox();
    const targetOnly = await rawRequest(t.endpoint, { target: 'AWSGlue.GetDatabases' });
    expect(targetOnly.status).toBe(200);
    expect(targetOnly.json).toEqual({ DatabaseList: [] });
    expect(targetOnly.headers.get('content-type')).toContain('application/x-amz-json-1.1');

    const signed = await rawRequest(t.endpoint, {
      target: 'AWSGlue.GetDatabases',
      headers: { Authorization: sigv4Authorization({ service: 'glue' }) },
    });
    expect(signed.status).toBe(200);
    expect(signed.json).toEqual({ DatabaseList: [] });
  });

  it('lets the X-Amz-Target prefix name the service when the scope names another', async () => {
    await using t = await startTestLakebox();
    const res = await rawRequest(t.endpoint, {
      target: 'AWSGlue.GetDatabases',
      headers: { Authorization: sigv4Authorization({ service: 'athena' }) },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ DatabaseList: [] });
  });

  it('names a service it does not serve, found from the SigV4 scope alone', async () => {
    await using t = await startTestLakebox();
    const res = await rawRequest(t.endpoint, {
      headers: {
        Authorization: sigv4Authorization({ service: 'sqs' }),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(errorCodeOf(res)).toBeDefined();
    expect(res.text).toContain('sqs');
  });

  it('answers an unknown target prefix with a 4xx naming the target', async () => {
    await using t = await startTestLakebox();
    const res = await rawRequest(t.endpoint, {
      target: 'Kinesis_20131202.ListStreams',
      headers: { Authorization: sigv4Authorization({ service: 'kinesis' }) },
    });
    expect(res.status).toBe(400);
    expect(isAwsJsonError(res.json)).toBe(true);
    expect(errorCodeOf(res)).toBe('UnknownOperationException');
    expect(res.text).toContain('Kinesis_20131202.ListStreams');
  });

  it('does not serve a Glue operation under another service prefix', async () => {
    // A signed Glue request whose target prefix is misspelt is not a Glue call: AWS answers
    // UnknownOperationException, so a typo never silently works here and fails on AWS.
    await using t = await startTestLakebox();
    const targets = ['AWSGlu.GetDatabases', 'GetDatabases'];
    const answers = [];
    for (const target of targets) {
      const res = await rawRequest(t.endpoint, {
        target,
        headers: { Authorization: sigv4Authorization({ service: 'glue' }) },
      });
      answers.push({ target, status: res.status, code: errorCodeOf(res), namesTarget: res.text.includes(target) });
    }
    expect(answers).toEqual(
      targets.map((target) => ({ target, status: 400, code: 'UnknownOperationException', namesTarget: true })),
    );
  });

  it('answers an unknown Glue operation at once with a 4xx naming it', async () => {
    await using t = await startTestLakebox();
    const started = Date.now();
    const res = await rawRequest(t.endpoint, { target: 'AWSGlue.NoSuchThing' });
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    expect(res.status).toBe(400);
    expect(isAwsJsonError(res.json)).toBe(true);
    expect(res.json).toMatchObject({ __type: 'UnknownOperationException' });
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(res.text).toContain('NoSuchThing');
  });

  it('answers a real Glue operation it does not implement with a 4xx the SDK does not retry', async () => {
    await using t = await startTestLakebox();
    // The SDK's default retry policy (3 attempts) retries 5xx and throttling, never a 4xx.
    const glue = new GlueClient({ endpoint: t.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    try {
      const started = Date.now();
      const err = await glue.send(new GetMLTransformCommand({ TransformId: 'tfm-1' })).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(PROMPT_MS);
      expect(err).toMatchObject({
        name: 'UnknownOperationException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, attempts: 1 },
      });
      expect((err as Error).message).toContain('GetMLTransform');

      const raw = await rawRequest(t.endpoint, { target: 'AWSGlue.GetMLTransform', body: { TransformId: 'tfm-1' } });
      expect(raw.status).toBe(400);
      expect(isAwsJsonError(raw.json)).toBe(true);
      expect(raw.text).toContain('GetMLTransform');
      // And the emulator still serves what it implements.
      await expect(glue.send(new GetDatabasesCommand({}))).resolves.toMatchObject({ DatabaseList: [] });
    } finally {
      glue.destroy();
    }
  });

  it('answers a request with no target and no signature with a 4xx', async () => {
    await using t = await startTestLakebox();
    const post = await rawRequest(t.endpoint, { target: undefined, body: {} });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.status).toBeLessThan(500);
    expect(errorCodeOf(post)).toBeDefined();
  });
});
