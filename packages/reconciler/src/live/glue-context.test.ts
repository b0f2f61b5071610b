import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetDatabasesCommand } from '@aws-sdk/client-glue';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, partitionOf } from './glue-context.js';

/** A server answering each request with the next scripted reply (status, error type), then success. */
async function scripted(
  replies: { status: number; type: string }[],
): Promise<{ server: Server; endpoint: string; calls: () => number }> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = replies[calls++];
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (reply) {
        res.statusCode = reply.status;
        res.setHeader('x-amzn-errortype', reply.type);
        res.end(JSON.stringify({ __type: reply.type, Message: 'scripted' }));
      } else res.end(JSON.stringify({ DatabaseList: [{ Name: 'a', CatalogId: '123456789012' }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}`, calls: () => calls };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

// The default credential chain finds these; the scripted server accepts anything.
process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';

describe('connect: bounded retries', () => {
  it('retries throttling and 5xx, then succeeds', async () => {
    const s = await scripted([
      { status: 400, type: 'ThrottlingException' },
      { status: 503, type: 'ServiceUnavailableException' },
    ]);
    servers.push(s.server);
    const ctx = await connect({ endpoint: s.endpoint, region: 'us-east-1' });
    const out = await ctx.glue.send(new GetDatabasesCommand({}));
    expect(out.DatabaseList?.[0]?.Name).toBe('a');
    expect(s.calls()).toBe(3);
    expect(await ctx.accountId()).toBe('123456789012');
    ctx.close();
  });

  it('gives up after a bounded number of attempts', async () => {
    const s = await scripted(Array.from({ length: 10 }, () => ({ status: 500, type: 'InternalServiceException' })));
    servers.push(s.server);
    const ctx = await connect({ endpoint: s.endpoint, region: 'us-east-1', maxAttempts: 3 });
    await expect(ctx.glue.send(new GetDatabasesCommand({}))).rejects.toMatchObject({
      name: 'InternalServiceException',
    });
    expect(s.calls()).toBe(3);
    ctx.close();
  });

  it('fails at once on a terminal error', async () => {
    const s = await scripted([{ status: 400, type: 'AccessDeniedException' }]);
    servers.push(s.server);
    const ctx = await connect({ endpoint: s.endpoint, region: 'us-east-1' });
    await expect(ctx.glue.send(new GetDatabasesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(s.calls()).toBe(1);
    ctx.close();
  });
});

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s → %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});
