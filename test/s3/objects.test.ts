import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

let t: TestLakebox;
let s3: S3Client;
beforeAll(async () => {
  t = await startTestLakebox();
  s3 = s3Client(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'objs' }));
});
afterAll(async () => {
  s3.destroy();
  await t[Symbol.asyncDispose]();
});

const md5 = (s: string | Uint8Array) => `"${createHash('md5').update(s).digest('hex')}"`;

describe('S3 objects', () => {
  it('puts and gets bytes with ETag, content type and user metadata', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'objs',
        Key: 'dir/hello.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        Metadata: { owner: 'ana', 'Mixed-Case': 'v' },
        CacheControl: 'max-age=60',
      }),
    );
    expect(put.ETag).toBe(md5('hello world'));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'dir/hello.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello world');
    expect(got.ETag).toBe(md5('hello world'));
    expect(got.ContentType).toBe('text/plain');
    expect(got.ContentLength).toBe(11);
    expect(got.Metadata).toEqual({ owner: 'ana', 'mixed-case': 'v' });
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.LastModified).toBeInstanceOf(Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dir/hello.txt' }));
    expect(head).toMatchObject({ ContentLength: 11, ETag: md5('hello world'), ContentType: 'text/plain' });
  });

  it('stores binary bodies exactly, including empty ones', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'bin', Body: bytes }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.from(bytes))).toBe(true);
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'empty', Body: '' }));
    const empty = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'empty' }));
    expect(await empty.Body?.transformToString()).toBe('');
    expect(empty.ETag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
  });

  it('answers NoSuchKey and NoSuchBucket, and HEAD of a missing key is a bodiless 404', async () => {
    const missing = s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'nope/x' }));
    await expect(missing).rejects.toBeInstanceOf(NoSuchKey);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 }, Key: 'nope/x' });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'no-bucket', Key: 'k' }))).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'nope' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    const raw = await fetch(`${t.endpoint}/objs/nope`);
    expect(raw.status).toBe(404);
    const text = await raw.text();
    expect(text).toContain('<Code>NoSuchKey</Code>');
    expect(text).toContain('<Key>nope</Key>');
    expect(text).toContain('<RequestId>');
  });

  it('serves byte ranges with 206 and refuses unsatisfiable ones with InvalidRange', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'digits', Body: '0123456789' }));
    const get = (Range: string) => s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'digits', Range }));
    const mid = await get('bytes=2-5');
    expect(await mid.Body?.transformToString()).toBe('2345');
    expect(mid.ContentRange).toBe('bytes 2-5/10');
    expect(mid.ContentLength).toBe(4);
    expect(mid.$metadata.httpStatusCode).toBe(206);
    expect(await (await get('bytes=7-')).Body?.transformToString()).toBe('789');
    expect(await (await get('bytes=-3')).Body?.transformToString()).toBe('789');
    expect(await (await get('bytes=8-100')).Body?.transformToString()).toBe('89');
    await expect(get('bytes=10-12')).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
  });

  it('deletes objects (idempotently)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'gone', Body: 'x' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'gone' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'gone' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'gone' }))).resolves.toBeDefined();
  });

  it('honours conditional writes: If-None-Match * and If-Match', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond', Body: 'v1', IfNoneMatch: '*' }));
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond', Body: 'v2', IfNoneMatch: '*' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond', Body: 'v2', IfMatch: '"0000"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond', Body: 'v2', IfMatch: first.ETag }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cond' }));
    expect(await got.Body?.transformToString()).toBe('v2');
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond-missing', Body: 'x', IfMatch: first.ETag })),
    ).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('honours conditional reads: If-Match, If-None-Match (304), If-Modified-Since', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cread', Body: 'data' }));
    const etag = put.ETag ?? '';
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cread', IfMatch: '"other"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cread', IfMatch: etag }))).resolves.toBeDefined();
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cread', IfNoneMatch: etag })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'cread', IfNoneMatch: etag })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    const future = new Date(Date.now() + 3_600_000);
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cread', IfModifiedSince: future })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    const past = new Date(Date.now() - 3_600_000);
    const modified = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cread', IfModifiedSince: past }));
    expect(await modified.Body?.transformToString()).toBe('data');
  });

  it('tags objects on PUT (x-amz-tagging) and with Put/GetObjectTagging', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'tagged', Body: 'x', Tagging: 'team=data&tier=gold' }));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 'tagged' }));
    expect(tags.TagSet).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'tier', Value: 'gold' },
    ]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'tagged' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    await s3.send(
      new PutObjectTaggingCommand({ Bucket: 'objs', Key: 'tagged', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }),
    );
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 'tagged' }))).TagSet).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(
      s3.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 'tagged', Tagging: { TagSet: eleven } })),
    ).rejects.toMatchObject({ name: 'InvalidTag' });
    await expect(
      s3.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 'untagged-missing' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'objs',
        Key: 'src.csv',
        Body: 'a,b',
        ContentType: 'text/csv',
        Metadata: { m: '1' },
      }),
    );
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'copy.csv', CopySource: 'objs/src.csv' }));
    expect(copy.CopyObjectResult?.ETag).toBe(md5('a,b'));
    expect(copy.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    const kept = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'copy.csv' }));
    expect(kept).toMatchObject({ ContentType: 'text/csv', Metadata: { m: '1' } });
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'objs',
        Key: 'copy2.csv',
        CopySource: '/objs/src.csv',
        MetadataDirective: 'REPLACE',
        ContentType: 'application/x',
        Metadata: { n: '2' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'copy2.csv' }));
    expect(replaced).toMatchObject({ ContentType: 'application/x', Metadata: { n: '2' } });
    await expect(
      s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'src.csv', CopySource: 'objs/src.csv' })),
    ).rejects.toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    await expect(
      s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'c3', CopySource: 'objs/none' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    const encoded = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'sp ace+plus', Body: 'sp' }));
    await s3.send(
      new CopyObjectCommand({ Bucket: 'objs', Key: 'c4', CopySource: `objs/${encodeURIComponent('sp ace+plus')}` }),
    );
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'c4' }))).ETag).toBe(encoded.ETag);
  });
});
