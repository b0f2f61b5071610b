import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

let t: TestLakebox;
let s3: S3Client;
beforeAll(async () => {
  t = await startTestLakebox();
  s3 = s3Client(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'sums' }));
});
afterAll(async () => {
  s3.destroy();
  await t[Symbol.asyncDispose]();
});

function crc32Base64(data: string | Uint8Array): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data));
  return b.toString('base64');
}

/** An aws-chunked body with the checksum as a trailer, as the SDKs frame streaming uploads. */
function awsChunked(data: Buffer, trailer: string): Buffer {
  const half = Math.floor(data.length / 2);
  return Buffer.concat([
    Buffer.from(`${half.toString(16)}\r\n`),
    data.subarray(0, half),
    Buffer.from(`\r\n${(data.length - half).toString(16)}\r\n`),
    data.subarray(half),
    Buffer.from(`\r\n0\r\n${trailer}\r\n\r\n`),
  ]);
}

describe('S3 checksums and body framing', () => {
  it('accepts the CRC32 the SDK sends and returns it with ChecksumMode ENABLED', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'sums', Key: 'a', Body: 'checked', ChecksumAlgorithm: 'CRC32' }),
    );
    expect(put.ChecksumCRC32).toBe(crc32Base64('checked'));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'a', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32).toBe(crc32Base64('checked'));
    expect(await got.Body?.transformToString()).toBe('checked');
  });

  it('decodes a streamed (aws-chunked, trailer checksum) upload from the SDK', async () => {
    const data = Buffer.alloc(300_000, 'abcdefghij');
    await s3.send(
      new PutObjectCommand({
        Bucket: 'sums',
        Key: 'streamed',
        Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        ContentLength: data.length,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'streamed' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('decodes raw aws-chunked bodies and answers BadDigest when the trailer CRC32 is wrong', async () => {
    const data = Buffer.from('chunked payload');
    const headers = {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(data.length),
    };
    const ok = await fetch(`${t.endpoint}/sums/raw`, {
      method: 'PUT',
      headers,
      body: awsChunked(data, `x-amz-checksum-crc32:${crc32Base64(data)}`),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-checksum-crc32')).toBe(crc32Base64(data));
    expect(await (await fetch(`${t.endpoint}/sums/raw`)).text()).toBe('chunked payload');
    const head = await fetch(`${t.endpoint}/sums/raw`, { method: 'HEAD' });
    expect(head.headers.get('content-encoding')).toBeNull();

    const bad = await fetch(`${t.endpoint}/sums/raw2`, {
      method: 'PUT',
      headers,
      body: awsChunked(data, 'x-amz-checksum-crc32:AAAAAA=='),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>BadDigest</Code>');
    expect((await fetch(`${t.endpoint}/sums/raw2`)).status).toBe(404);
  });

  it('answers BadDigest for a wrong x-amz-checksum-crc32 header or Content-MD5', async () => {
    const badCrc = await fetch(`${t.endpoint}/sums/h`, {
      method: 'PUT',
      headers: { 'x-amz-checksum-crc32': crc32Base64('other') },
      body: 'body',
    });
    expect(badCrc.status).toBe(400);
    expect(await badCrc.text()).toContain('<Code>BadDigest</Code>');
    const badMd5 = await fetch(`${t.endpoint}/sums/h`, {
      method: 'PUT',
      headers: { 'content-md5': Buffer.alloc(16).toString('base64') },
      body: 'body',
    });
    expect(badMd5.status).toBe(400);
    expect(await badMd5.text()).toContain('<Code>BadDigest</Code>');
    const invalidMd5 = await fetch(`${t.endpoint}/sums/h`, {
      method: 'PUT',
      headers: { 'content-md5': 'nope' },
      body: 'body',
    });
    expect(await invalidMd5.text()).toContain('<Code>InvalidDigest</Code>');
    const goodMd5 = await s3.send(
      new PutObjectCommand({ Bucket: 'sums', Key: 'm', Body: 'body', ContentMD5: 'hBotaJrYa9FhFEdFPCLG/A==' }),
    );
    expect(goodMd5.ETag).toBe('"841a2d689ad86bd1611447453c22c6fc"');
  });

  it('verifies CRC32C, SHA1 and SHA256 checksums', async () => {
    for (const algorithm of ['CRC32C', 'SHA1', 'SHA256'] as const) {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: 'sums', Key: `alg-${algorithm}`, Body: 'xyz', ChecksumAlgorithm: algorithm }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
    }
    const sha = await fetch(`${t.endpoint}/sums/sha`, {
      method: 'PUT',
      headers: { 'x-amz-checksum-sha256': Buffer.alloc(32).toString('base64') },
      body: 'xyz',
    });
    expect(sha.status).toBe(400);
  });
});
