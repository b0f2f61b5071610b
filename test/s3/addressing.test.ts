import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

/** One raw HTTP request with a chosen Host header (fetch does not let a caller set Host). */
function rawHttp(endpoint: string, opts: { method: string; path: string; host: string; body?: string }) {
  const url = new URL(endpoint);
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>(
    (ok, fail) => {
      const req = request(
        { host: url.hostname, port: url.port, method: opts.method, path: opts.path, headers: { Host: opts.host } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () =>
            ok({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), headers: res.headers }),
          );
        },
      );
      req.on('error', fail);
      req.end(opts.body);
    },
  );
}

describe('S3 addressing', () => {
  it('serves virtual-host style requests (bucket in the Host header)', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'vhost' }));
    const port = new URL(t.endpoint).port;
    const put = await rawHttp(t.endpoint, {
      method: 'PUT',
      path: '/dir/k.txt',
      host: `vhost.localhost:${port}`,
      body: 'vh',
    });
    expect(put.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vhost', Key: 'dir/k.txt' }));
    expect(await got.Body?.transformToString()).toBe('vh');
    for (const host of [`vhost.s3.localhost:${port}`, `vhost.s3.us-east-1.localhost:${port}`, 'vhost.localhost']) {
      const get = await rawHttp(t.endpoint, { method: 'GET', path: '/dir/k.txt', host });
      expect([host, get.status, get.body]).toEqual([host, 200, 'vh']);
    }
    const list = await rawHttp(t.endpoint, { method: 'GET', path: '/?list-type=2', host: `vhost.localhost:${port}` });
    expect(list.body).toContain('<Key>dir/k.txt</Key>');
    // A plain local host stays path style.
    const path = await rawHttp(t.endpoint, { method: 'GET', path: '/vhost/dir/k.txt', host: `localhost:${port}` });
    expect(path.body).toBe('vh');
    s3.destroy();
  });

  it('works with an SDK client in virtual-host mode against a localhost endpoint', async () => {
    await using t = await startTestLakebox();
    const port = new URL(t.endpoint).port;
    const s3 = s3Client({ endpoint: `http://localhost:${port}` }, { forcePathStyle: false });
    const path = s3Client(t);
    await path.send(new CreateBucketCommand({ Bucket: 'sdk-vhost' }));
    // The SDK sends Host: sdk-vhost.localhost:<port>; resolve that name to 127.0.0.1 ourselves.
    s3.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { hostname?: string; headers?: Record<string, string> };
        if (req.hostname?.endsWith('.localhost')) {
          req.headers = { ...req.headers, host: `${req.hostname}:${port}` };
          req.hostname = '127.0.0.1';
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'resolveLocalhostSubdomains' },
    );
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-vhost', Key: 'a/b.txt', Body: 'sdk' }));
    const got = await path.send(new GetObjectCommand({ Bucket: 'sdk-vhost', Key: 'a/b.txt' }));
    expect(await got.Body?.transformToString()).toBe('sdk');
    s3.destroy();
    path.destroy();
  });

  it('answers unknown S3 operations with a 4xx NotImplemented naming them', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'ops' }));
    const res = await fetch(`${t.endpoint}/ops?analytics&id=x`);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('<Code>NotImplemented</Code>');
    expect(body).toContain('GetBucketAnalytics');
    s3.destroy();
  });

  it('routes a presigned-style GET (scope in the query string) to S3', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'presign' }));
    await s3.send(new PutObjectCommand({ Bucket: 'presign', Key: 'f.txt', Body: 'signed' }));
    const query =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20250101%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=00';
    const res = await fetch(`${t.endpoint}/presign/f.txt?${query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed');
    s3.destroy();
  });
});
